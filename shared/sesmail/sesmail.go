// Package sesmail sends the firm's e-mails (package mailtext) through Amazon
// SES (API v2), where the region has it; package smtpmail is the other way. Locally moto accepts the mail and keeps it, once the sender is a verified
// identity (infra/local/provision creates it from template.yaml).
package sesmail

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	sestypes "github.com/aws/aws-sdk-go-v2/service/sesv2/types"
	"github.com/aws/smithy-go"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/mailtext"
)

var _ intake.Notifier = (*Mailer)(nil)

// SendEmail is the SES operation a Mailer calls: a client's method value
// (client.SendEmail), not the client, nor the client as an interface. A Mailer
// goes about as an interface (intake.Notifier), and where reflect looks
// methods up by name (html/template, validator/v10) the linker keeps every
// exported method of every type an interface value can lead to: a client
// would link every SES operation; a func value links this one.
type SendEmail func(ctx context.Context, in *sesv2.SendEmailInput, opts ...func(*sesv2.Options)) (*sesv2.SendEmailOutput, error)

// Mailer sends confirmations from one verified sender address.
type Mailer struct {
	send   SendEmail
	sender string
}

// New returns a mailer sending through send from sender.
func New(send SendEmail, sender string) *Mailer {
	return &Mailer{send: send, sender: sender}
}

// Received implements intake.Notifier.
func (m *Mailer) Received(ctx context.Context, n intake.Notice) (err error) {
	defer apperr.Wrap(&err, "sesmail.Received(%q)", n.Reference)
	subject, body := mailtext.Compose(n)
	return m.mail(ctx, n.To, subject, body)
}

// Changed implements intake.Notifier.
func (m *Mailer) Changed(ctx context.Context, n intake.Notice) (err error) {
	defer apperr.Wrap(&err, "sesmail.Changed(%q, %q)", n.Reference, n.Status)
	subject, body := mailtext.ComposeChange(n)
	return m.mail(ctx, n.To, subject, body)
}

func (m *Mailer) mail(ctx context.Context, to, subject, body string) error {
	_, err := m.send(ctx, &sesv2.SendEmailInput{
		FromEmailAddress: aws.String(m.sender),
		Destination:      &sestypes.Destination{ToAddresses: []string{to}},
		Content: &sestypes.EmailContent{Simple: &sestypes.Message{
			Subject: &sestypes.Content{Data: aws.String(subject), Charset: aws.String("UTF-8")},
			Body:    &sestypes.Body{Text: &sestypes.Content{Data: aws.String(body), Charset: aws.String("UTF-8")}},
		}},
	})
	return scrub(err)
}

// scrub keeps only the error's code: SES messages can quote the recipient's
// address ("... failed the check: legal@example.com"), which must not reach a log.
func scrub(err error) error {
	if err == nil {
		return nil
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		return apperr.Unavailable(fmt.Errorf("ses: %s", api.ErrorCode()))
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return apperr.Unavailable(fmt.Errorf("ses: %w", context.DeadlineExceeded))
	}
	return apperr.Unavailable(errors.New("ses: request failed"))
}
