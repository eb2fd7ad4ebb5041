// Package webfn wires WebFunction, the firm-facing pages: SubmitFunction's
// service (package submitfn), the pages, and the confirmation e-mail through SES.
// It is the only function that links html/template and SES.
package webfn

import (
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/app/submitfn"
	"github.com/putuo-compliance/intake/shared/envconfig"
	"github.com/putuo-compliance/intake/shared/httpapi"
	"github.com/putuo-compliance/intake/shared/keyring"
	"github.com/putuo-compliance/intake/shared/sesmail"
	"github.com/putuo-compliance/intake/shared/web"
)

// Config is WebFunction's configuration, read once from the environment:
// SubmitFunction's, since the pages submit as it does, and the mail sender.
type Config struct {
	submitfn.Config
	// SenderAddress (SENDER_ADDRESS) sends the confirmation e-mails through SES,
	// from the same AWS config; empty sends none.
	SenderAddress string
	// SecretID (SECRET_ID: the template's ServerSecret, a name or an ARN) is the
	// Secrets Manager secret the forms' CSRF key is derived from (package
	// keyring), read at first use; every instance reads the same.
	SecretID string
}

// LoadConfig reads the configuration through getenv (os.Getenv in main). The
// error names every variable that is missing or malformed.
func LoadConfig(getenv func(string) string) (Config, error) {
	v := envconfig.New(getenv)
	c := Config{Config: submitfn.ReadConfig(v), SenderAddress: v.Optional("SENDER_ADDRESS"), SecretID: v.Required("SECRET_ID")}
	return c, v.Err()
}

// New builds the handler. Nothing here does network I/O: clients connect, and
// the secret is read, on first use.
func New(c Config, log *logrus.Logger) httpapi.Handler {
	svc := submitfn.Service(c.Config, log)
	mails := c.SenderAddress != ""
	if mails {
		svc.Notifier = sesmail.New(sesv2.NewFromConfig(c.AWS), c.SenderAddress)
	}
	keys := keyring.SecretsManager(secretsmanager.NewFromConfig(c.AWS), c.SecretID)
	return web.New(svc, svc.Parser, mails, keys, log)
}
