package devstack

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/putuo-compliance/intake/infra/local/mailpit"
	"github.com/putuo-compliance/intake/infra/local/provision"
)

// The mail transports make run offers (MAIL_TRANSPORT=): SES on moto, the default, or
// SMTP on Mailpit, as the stack runs where SES is not.
const (
	MailSES  = "ses"
	MailSMTP = "smtp"
)

// LocalSMTPUser and LocalSMTPPassword sign the functions in to make run's
// Mailpit; the password is in moto's Secrets Manager, as an operator's would
// be in theirs.
const (
	LocalSMTPUser     = "intake"
	LocalSMTPPassword = "Putuo-Smtp-2026!"
)

// localMail is what the chosen transport adds to the stack.
type localMail struct {
	params map[string]string // the template's parameters, over provision.LocalParameters
	env    map[string]string // the functions' environment, over the template's
	url    string            // Mailpit's web UI and API; empty for SES
	stop   func()
}

// startMail readies the transport: nothing for SES (moto keeps the mail); for
// SMTP, Mailpit offering STARTTLS with a certificate made for localhost and
// requiring AUTH, the password as a secret in the emulator, and the template's
// SMTP parameters pointing at them. The functions trust the certificate
// through SMTP_CA_FILE, so they verify the server by name as in the cloud.
func startMail(ctx context.Context, opts Options, cfg aws.Config, stackName string) (*localMail, error) {
	m := &localMail{params: maps.Clone(provision.LocalParameters), env: map[string]string{}, stop: func() {}}
	switch opts.Mail {
	case "", MailSES:
		return m, nil
	case MailSMTP:
	default:
		return nil, fmt.Errorf("MAIL_TRANSPORT=%q: want %s or %s", opts.Mail, MailSES, MailSMTP)
	}
	cert, key, err := mailpit.NewCert("localhost", "127.0.0.1")
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "intake-mail-")
	if err != nil {
		return nil, err
	}
	ca := filepath.Join(dir, "smtp-ca.pem")
	if err := os.WriteFile(ca, cert, 0o600); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	srv, err := mailpit.Start(ctx, mailpit.Options{CertPEM: cert, KeyPEM: key, Users: map[string]string{LocalSMTPUser: LocalSMTPPassword},
		SMTPPort: opts.SMTPPort, HTTPPort: opts.MailpitPort})
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	m.stop = func() { srv.Stop(); os.RemoveAll(dir) }
	arn, err := putSecret(ctx, secretsmanager.NewFromConfig(cfg), stackName+"-smtp-password", LocalSMTPPassword)
	if err != nil {
		m.stop()
		return nil, fmt.Errorf("the SMTP password secret: %w", err)
	}
	maps.Copy(m.params, map[string]string{"SmtpHost": srv.Host, "SmtpPort": strconv.Itoa(srv.Port),
		"SmtpUser": LocalSMTPUser, "SmtpPasswordSecretArn": arn})
	m.env["SMTP_CA_FILE"] = ca
	m.url = srv.APIURL
	return m, nil
}

// putSecret creates the secret name with value, or sets its value when a
// previous run made it, and returns its ARN.
func putSecret(ctx context.Context, c *secretsmanager.Client, name, value string) (string, error) {
	out, err := c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: &name, SecretString: &value})
	if err == nil {
		return aws.ToString(out.ARN), nil
	}
	var exists *smtypes.ResourceExistsException
	if !errors.As(err, &exists) {
		return "", err
	}
	put, err := c.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: &name, SecretString: &value})
	if err != nil {
		return "", err
	}
	return aws.ToString(put.ARN), nil
}
