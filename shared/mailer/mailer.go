// Package mailer chooses how the firms' e-mails go out, for the functions
// that send them (WebFunction, StaffFunction), from their environment: through
// SES (package sesmail) where the region has it, or through an SMTP server
// (package smtpmail) everywhere else. One rule: without SENDER_ADDRESS no mail
// goes out; with it, MAIL_TRANSPORT says which, ses (the default) or smtp.
//
// Either is the same intake.Notifier. What decides whether and what to send -
// one address's daily limit, the receipt's Mailed, the pages saying a mail was
// sent only when the transport took it, a notice's words - lives in packages
// intake and mailtext, before any transport, so it holds for both alike.
//
// Both transports' clients are linked by both functions, since the choice is
// made at run time: keeping SES out of an SMTP-only build would take a build
// tag per transport, for a client that adds little to the cold start
// (BENCHMARKS.md).
package mailer

import (
	"crypto/x509"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/putuo-compliance/intake/shared/envconfig"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/secrets"
	"github.com/putuo-compliance/intake/shared/sesmail"
	"github.com/putuo-compliance/intake/shared/smtpmail"
)

// Transport is the way the e-mails go out.
type Transport string

// The transports.
const (
	SES  Transport = "ses"
	SMTP Transport = "smtp"
)

// DefaultSMTPPort is the submission port (RFC 6409), which offers STARTTLS.
const DefaultSMTPPort = 587

// Config is the mail configuration, read once from the environment.
type Config struct {
	// Sender (SENDER_ADDRESS) is the From address; empty sends no mail.
	Sender string
	// Transport (MAIL_TRANSPORT): SES (ses, the default) or SMTP (smtp).
	Transport Transport
	// SMTP is read only for the smtp transport.
	SMTP SMTPConfig
}

// SMTPConfig is the SMTP server's.
type SMTPConfig struct {
	Host string // SMTP_HOST (required): the server, as its certificate names it
	Port int    // SMTP_PORT: default DefaultSMTPPort
	User string // SMTP_USER: empty sends without AUTH
	// PasswordSecret (SMTP_PASSWORD_SECRET, required with a user): the Secrets
	// Manager secret, a name or an ARN, that holds the password, read at first
	// use.
	PasswordSecret string
	// RootCAs (SMTP_CA_FILE, a PEM file) are the authorities to trust for the
	// server instead of the system's: a relay under an agency's own CA, or the
	// local stack's Mailpit. The template sets no such file.
	RootCAs *x509.CertPool
}

// Read reads the configuration from v, recording its problems in v.
func Read(v *envconfig.Vars) Config {
	c := Config{Sender: v.Optional("SENDER_ADDRESS"), Transport: SES}
	switch t := v.Optional("MAIL_TRANSPORT"); t {
	case "", string(SES):
	case string(SMTP):
		c.Transport = SMTP
	default:
		v.Fail("MAIL_TRANSPORT", fmt.Sprintf("%q is neither ses nor smtp", t))
	}
	if c.Sender == "" || c.Transport != SMTP {
		return c
	}
	c.SMTP = SMTPConfig{Host: v.Required("SMTP_HOST"), Port: v.Int("SMTP_PORT", DefaultSMTPPort), User: v.Optional("SMTP_USER")}
	if c.SMTP.Port < 1 || c.SMTP.Port > 65535 {
		v.Fail("SMTP_PORT", fmt.Sprintf("%d is not a port", c.SMTP.Port))
	}
	if c.SMTP.User != "" {
		c.SMTP.PasswordSecret = v.Required("SMTP_PASSWORD_SECRET")
	}
	if file := v.Optional("SMTP_CA_FILE"); file != "" {
		pem, err := os.ReadFile(file)
		c.SMTP.RootCAs = x509.NewCertPool()
		if err != nil || !c.SMTP.RootCAs.AppendCertsFromPEM(pem) {
			v.Fail("SMTP_CA_FILE", fmt.Sprintf("%q holds no PEM certificate", file))
		}
	}
	return c
}

// New returns the notifier c chooses, its clients built from awsCfg; nil when
// no mail is to be sent. Nothing here does network I/O: the transport
// connects, and the SMTP password is read, at the first message.
func New(c Config, awsCfg aws.Config) intake.Notifier {
	switch {
	case c.Sender == "":
		return nil
	case c.Transport == SMTP:
		var pw smtpmail.Password
		if c.SMTP.User != "" {
			pw = secrets.KeyValue(secretsmanager.NewFromConfig(awsCfg).GetSecretValue, c.SMTP.PasswordSecret, "password")
		}
		return smtpmail.New(smtpmail.Config{Host: c.SMTP.Host, Port: c.SMTP.Port, User: c.SMTP.User, From: c.Sender, RootCAs: c.SMTP.RootCAs}, pw)
	}
	return sesmail.New(sesv2.NewFromConfig(awsCfg).SendEmail, c.Sender)
}
