package sesmail_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/smithy-go"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/sesmail"
)

type fakeSES struct {
	got *sesv2.SendEmailInput
	err error
}

func (f *fakeSES) SendEmail(_ context.Context, in *sesv2.SendEmailInput, _ ...func(*sesv2.Options)) (*sesv2.SendEmailOutput, error) {
	f.got = in
	return &sesv2.SendEmailOutput{}, f.err
}

func TestReceived(t *testing.T) {
	tests := []struct {
		lang        forms.Lang
		wantSubject string
		wantBody    []string
	}{
		{forms.ZH, "已收到您的涉案事件征询（编号 C-7K3Q-9MX2）", []string{"C-7K3Q-9MX2", "普陀区人民检察院"}},
		{forms.EN, "We have received your incident consultation (reference C-7K3Q-9MX2)", []string{"C-7K3Q-9MX2", "Putuo District People's Procuratorate"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			api := &fakeSES{}
			n := intake.Notice{To: "legal@example.com", Lang: tt.lang, Reference: "C-7K3Q-9MX2", Kind: forms.KindConsultation, Agency: agency.Procuratorate}
			if err := sesmail.New(api.SendEmail, "noreply@example.com").Received(context.Background(), n); err != nil {
				t.Fatal(err)
			}
			if *api.got.FromEmailAddress != "noreply@example.com" || api.got.Destination.ToAddresses[0] != "legal@example.com" {
				t.Errorf("from %s to %v", *api.got.FromEmailAddress, api.got.Destination.ToAddresses)
			}
			msg := api.got.Content.Simple
			if *msg.Subject.Data != tt.wantSubject {
				t.Errorf("subject %q, want %q", *msg.Subject.Data, tt.wantSubject)
			}
			for _, w := range tt.wantBody {
				if !strings.Contains(*msg.Body.Text.Data, w) {
					t.Errorf("body lacks %q:\n%s", w, *msg.Body.Text.Data)
				}
			}
		})
	}
}

// An SES error can quote the recipient; the mailer must pass on only its code.
func TestReceivedScrubsErrors(t *testing.T) {
	api := &fakeSES{err: &smithy.GenericAPIError{Code: "MessageRejected", Message: "failed the check: legal@example.com"}}
	err := sesmail.New(api.SendEmail, "noreply@example.com").Received(context.Background(), intake.Notice{To: "legal@example.com", Reference: "C-7K3Q-9MX2"})
	if !errors.Is(err, apperr.ErrUnavailable) || strings.Contains(err.Error(), "legal@") || !strings.Contains(err.Error(), "MessageRejected") {
		t.Fatalf("err = %v", err)
	}
}

// A change notice names the reference, the new status and the agency in the
// firm's language, and nothing the firm or the agency wrote.
func TestChanged(t *testing.T) {
	tests := []struct {
		lang        forms.Lang
		wantSubject string
		wantBody    []string
	}{
		{forms.ZH, "您的涉案事件征询（编号 C-7K3Q-9MX2）有新进展：已转交其他机关", []string{"C-7K3Q-9MX2", "已转交其他机关", "普陀区委网信办"}},
		{forms.EN, "Your incident consultation (reference C-7K3Q-9MX2) has moved on: Answered", []string{"C-7K3Q-9MX2", "Answered", "Putuo Cyberspace Affairs Office"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			api := &fakeSES{}
			status := intake.StatusAnswered
			if tt.lang == forms.ZH {
				status = intake.StatusTransferred
			}
			n := intake.Notice{To: "legal@example.com", Lang: tt.lang, Reference: "C-7K3Q-9MX2", Kind: forms.KindConsultation, Agency: agency.Cyberspace, Status: status}
			if err := sesmail.New(api.SendEmail, "noreply@example.com").Changed(context.Background(), n); err != nil {
				t.Fatal(err)
			}
			msg := api.got.Content.Simple
			if *msg.Subject.Data != tt.wantSubject || api.got.Destination.ToAddresses[0] != "legal@example.com" {
				t.Errorf("subject %q to %v, want %q", *msg.Subject.Data, api.got.Destination.ToAddresses, tt.wantSubject)
			}
			for _, w := range tt.wantBody {
				if !strings.Contains(*msg.Body.Text.Data, w) {
					t.Errorf("body lacks %q:\n%s", w, *msg.Body.Text.Data)
				}
			}
		})
	}
}
