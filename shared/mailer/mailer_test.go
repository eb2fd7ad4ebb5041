package mailer_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/putuo-compliance/intake/infra/local/mailpit"
	"github.com/putuo-compliance/intake/shared/envconfig"
	"github.com/putuo-compliance/intake/shared/mailer"
	"github.com/putuo-compliance/intake/shared/sesmail"
	"github.com/putuo-compliance/intake/shared/smtpmail"
)

func TestRead(t *testing.T) {
	cert, _, err := mailpit.NewCert("localhost")
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, cert, 0o600); err != nil {
		t.Fatal(err)
	}
	notPEM := filepath.Join(t.TempDir(), "ca.txt")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	smtp := map[string]string{"SENDER_ADDRESS": "noreply@example.com", "MAIL_TRANSPORT": "smtp", "SMTP_HOST": "smtp.example.com"}
	with := func(base map[string]string, kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name      string
		env       map[string]string
		want      mailer.Config // RootCAs compared by presence
		wantCAs   bool
		wantNames []string // the variables with a problem
		wantKind  any      // the notifier New builds: nil, *sesmail.Mailer or *smtpmail.Mailer
	}{
		{name: "no sender, no mail", env: map[string]string{}, want: mailer.Config{Transport: mailer.SES}},
		{name: "no sender, no mail, whatever the transport", env: map[string]string{"MAIL_TRANSPORT": "smtp"}, want: mailer.Config{Transport: mailer.SMTP}},
		{name: "ses by default", env: map[string]string{"SENDER_ADDRESS": "noreply@example.com"},
			want: mailer.Config{Sender: "noreply@example.com", Transport: mailer.SES}, wantKind: &sesmail.Mailer{}},
		{name: "ses", env: map[string]string{"SENDER_ADDRESS": "noreply@example.com", "MAIL_TRANSPORT": "ses"},
			want: mailer.Config{Sender: "noreply@example.com", Transport: mailer.SES}, wantKind: &sesmail.Mailer{}},
		{name: "smtp without auth", env: smtp,
			want:     mailer.Config{Sender: "noreply@example.com", Transport: mailer.SMTP, SMTP: mailer.SMTPConfig{Host: "smtp.example.com", Port: 587}},
			wantKind: &smtpmail.Mailer{}},
		{name: "smtp with auth and a CA", env: with(smtp, "SMTP_PORT", "2587", "SMTP_USER", "intake", "SMTP_PASSWORD_SECRET", "smtp-password", "SMTP_CA_FILE", caFile),
			want: mailer.Config{Sender: "noreply@example.com", Transport: mailer.SMTP,
				SMTP: mailer.SMTPConfig{Host: "smtp.example.com", Port: 2587, User: "intake", PasswordSecret: "smtp-password"}},
			wantCAs: true, wantKind: &smtpmail.Mailer{}},
		{name: "unknown transport", env: map[string]string{"SENDER_ADDRESS": "noreply@example.com", "MAIL_TRANSPORT": "sendmail"},
			wantNames: []string{"MAIL_TRANSPORT"}},
		{name: "smtp without host", env: with(smtp, "SMTP_HOST", ""), wantNames: []string{"SMTP_HOST"}},
		{name: "user without password", env: with(smtp, "SMTP_USER", "intake"), wantNames: []string{"SMTP_PASSWORD_SECRET"}},
		{name: "bad port", env: with(smtp, "SMTP_PORT", "70000"), wantNames: []string{"SMTP_PORT"}},
		{name: "CA file without a certificate", env: with(smtp, "SMTP_CA_FILE", notPEM), wantNames: []string{"SMTP_CA_FILE"}},
		{name: "CA file missing", env: with(smtp, "SMTP_CA_FILE", notPEM+".gone"), wantNames: []string{"SMTP_CA_FILE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := envconfig.New(func(k string) string { return tt.env[k] })
			got := mailer.Read(v)
			var cerr *envconfig.Error
			if err := v.Err(); errors.As(err, &cerr) {
				if !slices.Equal(cerr.Names(), tt.wantNames) {
					t.Fatalf("problems %v, want %v", cerr.Names(), tt.wantNames)
				}
				return
			} else if err != nil || tt.wantNames != nil {
				t.Fatalf("err = %v, want problems with %v", err, tt.wantNames)
			}
			if (got.SMTP.RootCAs != nil) != tt.wantCAs {
				t.Errorf("RootCAs set: %v, want %v", got.SMTP.RootCAs != nil, tt.wantCAs)
			}
			got.SMTP.RootCAs = nil
			if got != tt.want {
				t.Errorf("config %+v, want %+v", got, tt.want)
			}
			n := mailer.New(got, aws.Config{Region: "cn-north-1"})
			switch tt.wantKind.(type) {
			case nil:
				if n != nil {
					t.Errorf("New = %T, want no notifier", n)
				}
			case *sesmail.Mailer:
				if _, ok := n.(*sesmail.Mailer); !ok {
					t.Errorf("New = %T, want SES", n)
				}
			case *smtpmail.Mailer:
				if _, ok := n.(*smtpmail.Mailer); !ok {
					t.Errorf("New = %T, want SMTP", n)
				}
			}
		})
	}
}
