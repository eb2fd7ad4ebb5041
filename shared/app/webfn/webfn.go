// Package webfn wires WebFunction, the firm-facing pages: SubmitFunction's
// service (package submitfn), the pages, and the confirmation e-mail through
// SES or SMTP (package mailer). It is the only function that links
// html/template.
package webfn

import (
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/app/submitfn"
	"github.com/putuo-compliance/intake/shared/envconfig"
	"github.com/putuo-compliance/intake/shared/httpapi"
	"github.com/putuo-compliance/intake/shared/mailer"
	"github.com/putuo-compliance/intake/shared/web"
)

// Config is WebFunction's configuration, read once from the environment:
// SubmitFunction's (with the server secret), since the pages submit as it does,
// and the mail's.
type Config struct {
	submitfn.Config
	// Mail (SENDER_ADDRESS, MAIL_TRANSPORT, SMTP_*: package mailer) sends the
	// confirmation e-mails, through SES or SMTP; without a sender, none.
	Mail mailer.Config
}

// DefaultMailsPerAddressDay is the template's default, for an environment that
// does not set MAILS_PER_ADDRESS_DAY.
const DefaultMailsPerAddressDay = 3

// LoadConfig reads the configuration through getenv (os.Getenv in main). The
// error names every variable that is missing or malformed.
func LoadConfig(getenv func(string) string) (Config, error) {
	v := envconfig.New(getenv)
	c := Config{Config: submitfn.ReadConfig(v), Mail: mailer.Read(v)}
	// MAILS_PER_ADDRESS_DAY (the template's MailsPerAddressDay): the pages are
	// what sends mail, so only they read it.
	c.Limits.MailsPerRecipient = v.Int("MAILS_PER_ADDRESS_DAY", DefaultMailsPerAddressDay)
	return c, v.Err()
}

// New builds the handler. Nothing here does network I/O: clients connect, and
// the secrets are read, on first use.
func New(c Config, log *logrus.Logger) httpapi.Handler {
	svc := submitfn.Service(c.Config, log)
	svc.Notifier = mailer.New(c.Mail, c.AWS)
	mails := svc.Notifier != nil
	// The pages' CSRF key comes from the service's keyring: one read of the
	// secret per container.
	return web.New(svc, svc.Parser, mails, svc.Keys, log)
}
