package smtpmail_test

// The SMTP adapter against a real SMTP server on this machine, Mailpit
// (infra/local/mailpit; installed by make setup): one that offers STARTTLS
// with a certificate for localhost and requires AUTH, one that offers no
// STARTTLS, one whose certificate names another host.

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/putuo-compliance/intake/infra/local/mailpit"
	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/mailtext"
	"github.com/putuo-compliance/intake/shared/secrets"
	"github.com/putuo-compliance/intake/shared/smtpmail"
)

const (
	user     = "intake"
	password = "relay-Pass-2026"
	sender   = "noreply@example.com"
)

var (
	good, plain, misnamed *mailpit.Server
	trusted               *x509.CertPool // trusts good's and misnamed's certificates
)

func TestMain(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "smtpmail tests:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	ctx := context.Background()
	trusted = x509.NewCertPool()
	cert, key, err := mailpit.NewCert("localhost", "127.0.0.1")
	if err != nil {
		return 0, err
	}
	trusted.AppendCertsFromPEM(cert)
	// A provider refuses addresses it does not know; this one, all but example.com's.
	if good, err = mailpit.Start(ctx, mailpit.Options{CertPEM: cert, KeyPEM: key,
		Users: map[string]string{user: password}, AllowedRecipients: `@example\.com$`}); err != nil {
		return 0, err
	}
	defer good.Stop()
	if plain, err = mailpit.Start(ctx, mailpit.Options{}); err != nil {
		return 0, err
	}
	defer plain.Stop()
	other, otherKey, err := mailpit.NewCert("smtp.other.example")
	if err != nil {
		return 0, err
	}
	trusted.AppendCertsFromPEM(other)
	if misnamed, err = mailpit.Start(ctx, mailpit.Options{CertPEM: other, KeyPEM: otherKey}); err != nil {
		return 0, err
	}
	defer misnamed.Stop()
	return m.Run(), nil
}

// counted is Secrets Manager holding the password; it counts its reads.
type counted struct {
	calls atomic.Int32
	pw    string
}

func (c *counted) GetSecretValue(context.Context, *secretsmanager.GetSecretValueInput, ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error) {
	c.calls.Add(1)
	return &secretsmanager.GetSecretValueOutput{SecretString: aws.String(c.pw)}, nil
}

// mailer signs in with the password in pw, read as the functions read it.
func mailer(srv *mailpit.Server, roots *x509.CertPool, pw *counted) *smtpmail.Mailer {
	return smtpmail.New(smtpmail.Config{Host: srv.Host, Port: srv.Port, User: user, From: sender, RootCAs: roots},
		secrets.KeyValue(pw.GetSecretValue, "smtp-password", "password"))
}

var nextRef atomic.Int32

// notice is a notice with a reference of its own, by which its mail is found.
func notice(lang forms.Lang, status intake.Status) intake.Notice {
	return intake.Notice{To: "legal@example.com", Lang: lang, Reference: fmt.Sprintf("C-SMTP-%04d", nextRef.Add(1)),
		Kind: forms.KindConsultation, Agency: agency.PublicSecurity, Status: status}
}

// arrived returns the messages srv captured whose subject names reference,
// waiting a little for one.
func arrived(t *testing.T, srv *mailpit.Server, reference string, want int) []mailpit.Message {
	t.Helper()
	var found []mailpit.Message
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		all, err := srv.Messages(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		found = found[:0]
		for _, m := range all {
			if strings.Contains(m.Subject, reference) {
				found = append(found, m)
			}
		}
		if len(found) >= want || time.Now().After(deadline) {
			return found
		}
	}
}

// A confirmation and a change notice arrive as sent: from the sender, to the
// firm, signed in, in the firm's language, saying what mailtext says and
// nothing else.
func TestSend(t *testing.T) {
	tests := []struct {
		name    string
		lang    forms.Lang
		status  intake.Status
		compose func(intake.Notice) (string, string)
		wantIn  string // in the subject, in the firm's language
	}{
		{name: "confirmation zh-CN", lang: forms.ZH, compose: mailtext.Compose, wantIn: "已收到您的涉案事件征询"},
		{name: "confirmation en", lang: forms.EN, compose: mailtext.Compose, wantIn: "We have received your incident consultation"},
		{name: "change zh-CN", lang: forms.ZH, status: intake.StatusAnswered, compose: mailtext.ComposeChange, wantIn: "有新进展"},
		{name: "change en", lang: forms.EN, status: intake.StatusAnswered, compose: mailtext.ComposeChange, wantIn: "has moved on: Answered"},
	}
	pw := &counted{pw: password}
	m := mailer(good, trusted, pw)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := notice(tt.lang, tt.status)
			send := m.Received
			if tt.status != "" {
				send = m.Changed
			}
			if err := send(context.Background(), n); err != nil {
				t.Fatal(err)
			}
			got := arrived(t, good, n.Reference, 1)
			if len(got) != 1 {
				t.Fatalf("%d messages arrived for %s, want 1", len(got), n.Reference)
			}
			msg := got[0]
			subject, body := tt.compose(n)
			if msg.Subject != subject || !strings.Contains(subject, tt.wantIn) {
				t.Errorf("subject %q, want %q (with %q)", msg.Subject, subject, tt.wantIn)
			}
			if strings.TrimSpace(msg.Text) != strings.TrimSpace(body) {
				t.Errorf("body:\n%s\nwant:\n%s", msg.Text, body)
			}
			if msg.From.Address != sender || len(msg.To) != 1 || msg.To[0].Address != n.To || msg.ReturnPath != sender {
				t.Errorf("from %v (envelope %s) to %v", msg.From, msg.ReturnPath, msg.To)
			}
			if msg.Username != user {
				t.Errorf("signed in as %q, want %q", msg.Username, user)
			}
		})
	}
	if got := pw.calls.Load(); got != 1 {
		t.Errorf("password fetched %d times for %d messages, want once", got, len(tests))
	}
}

// Without STARTTLS, or with a certificate that does not verify for the host
// name, nothing is sent: no message, and not even the password is fetched,
// let alone sent in the clear.
func TestRefusesWithoutVerifiedTLS(t *testing.T) {
	tests := []struct {
		name    string
		srv     func() *mailpit.Server
		roots   *x509.CertPool
		wantErr error // errors.Is; nil: any error
	}{
		{name: "no STARTTLS", srv: func() *mailpit.Server { return plain }, roots: trusted, wantErr: smtpmail.ErrNoStartTLS},
		{name: "certificate of another host", srv: func() *mailpit.Server { return misnamed }, roots: trusted},
		{name: "certificate of no trusted authority", srv: func() *mailpit.Server { return good }, roots: x509.NewCertPool()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pw := &counted{pw: password}
			n := notice(forms.EN, "")
			err := mailer(tt.srv(), tt.roots, pw).Received(context.Background(), n)
			if err == nil || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if got := arrived(t, tt.srv(), n.Reference, 0); len(got) != 0 {
				t.Errorf("%d messages arrived", len(got))
			}
			if pw.calls.Load() != 0 {
				t.Error("the password was fetched for a server that was not trusted")
			}
		})
	}
}

// A refused password is fetched again for the next message (the operator may
// have rotated it); a good one, once.
func TestPasswordRefetchedAfterRefusal(t *testing.T) {
	pw := &counted{pw: "wrong"}
	m := mailer(good, trusted, pw)
	err := m.Received(context.Background(), notice(forms.EN, ""))
	if !errors.Is(err, apperr.ErrUnavailable) || !strings.Contains(err.Error(), "auth") {
		t.Fatalf("err = %v, want a refused sign-in", err)
	}
	pw.pw = password // rotated
	n := notice(forms.EN, "")
	if err := m.Received(context.Background(), n); err != nil {
		t.Fatal(err)
	}
	if got := arrived(t, good, n.Reference, 1); len(got) != 1 {
		t.Fatalf("%d messages arrived", len(got))
	}
	if got := pw.calls.Load(); got != 2 {
		t.Errorf("password fetched %d times, want 2", got)
	}
}

// The server's reply can quote the recipient; the error keeps only its code.
func TestErrorsQuoteNoAddress(t *testing.T) {
	n := notice(forms.EN, "")
	n.To = "legal@unknown.example.org"
	err := mailer(good, trusted, &counted{pw: password}).Received(context.Background(), n)
	if !errors.Is(err, apperr.ErrUnavailable) || strings.Contains(err.Error(), "legal@") || !strings.Contains(err.Error(), "rcpt to") {
		t.Fatalf("err = %v", err)
	}
}

// An address that could add a header or a recipient never reaches a server.
func TestRefusesAddressesThatAreNotPlain(t *testing.T) {
	for _, to := range []string{"legal@example.com\r\nBcc: x@evil.example", "张三 <legal@example.com>", "a@example.com, b@example.com", ""} {
		n := notice(forms.EN, "")
		n.To = to
		if err := mailer(good, trusted, &counted{pw: password}).Received(context.Background(), n); err == nil {
			t.Errorf("sent to %q", to)
		}
		if got := arrived(t, good, n.Reference, 0); len(got) != 0 {
			t.Errorf("%q: %d messages arrived", to, len(got))
		}
	}
}
