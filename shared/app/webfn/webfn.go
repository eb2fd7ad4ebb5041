// Package webfn wires WebFunction, the firm-facing pages: SubmitFunction's
// service (package submitfn), the pages, and the confirmation e-mail through SES.
// It is the only function that links html/template and SES.
package webfn

import (
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/app/submitfn"
	"github.com/putuo-compliance/intake/shared/envconfig"
	"github.com/putuo-compliance/intake/shared/httpapi"
	"github.com/putuo-compliance/intake/shared/sesmail"
	"github.com/putuo-compliance/intake/shared/web"
)

// Config is WebFunction's configuration, read once from the environment:
// SubmitFunction's (with the server secret), since the pages submit as it does,
// and the mail sender.
type Config struct {
	submitfn.Config
	// SenderAddress (SENDER_ADDRESS) sends the confirmation e-mails through SES,
	// from the same AWS config; empty sends none.
	SenderAddress string
}

// DefaultMailsPerAddressDay is the template's default, for an environment that
// does not set MAILS_PER_ADDRESS_DAY.
const DefaultMailsPerAddressDay = 3

// LoadConfig reads the configuration through getenv (os.Getenv in main). The
// error names every variable that is missing or malformed.
func LoadConfig(getenv func(string) string) (Config, error) {
	v := envconfig.New(getenv)
	c := Config{Config: submitfn.ReadConfig(v), SenderAddress: v.Optional("SENDER_ADDRESS")}
	// MAILS_PER_ADDRESS_DAY (the template's MailsPerAddressDay): the pages are
	// what sends mail, so only they read it.
	c.Limits.MailsPerRecipient = v.Int("MAILS_PER_ADDRESS_DAY", DefaultMailsPerAddressDay)
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
	// The pages' CSRF key comes from the service's keyring: one read of the
	// secret per container.
	return web.New(svc, svc.Parser, mails, svc.Keys, log)
}
