// Package smtpmail sends the firm's e-mails (package mailtext) through an SMTP
// server - an agency's relay or a mail provider's SMTP service - where SES is
// not to be had, as in the AWS China regions; package sesmail is the other way.
//
// Every message goes over STARTTLS, with the server's certificate verified for
// the configured host name. A server that does not offer STARTTLS, or whose
// certificate does not verify, gets nothing: not the password, not the
// recipient's address, not the message. The password is read at first use
// (from Secrets Manager: package secrets) and kept for the container, until
// the server refuses it.
package smtpmail

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/mailtext"
)

var _ intake.Notifier = (*Mailer)(nil)

// ErrNoStartTLS means the server did not offer STARTTLS: nothing was sent.
var ErrNoStartTLS = errors.New("smtp: the server offers no STARTTLS; nothing sent")

// Config is where and how to send.
type Config struct {
	Host string // the server's host name, which its certificate must name
	Port int    // its submission port, e.g. 587
	User string // the SMTP AUTH user; empty sends without AUTH
	From string // the sender address
	// RootCAs are the certificate authorities to trust for the server; nil
	// trusts the system's (Lambda's), as a public provider needs.
	RootCAs *x509.CertPool
}

// Password is where the SMTP password comes from (a secrets.Secret): Value
// gives it, read once and kept; Forget drops it when the server refused it,
// so that the next message reads it again: the operator may have rotated it.
type Password interface {
	Value(ctx context.Context) (string, error)
	Forget()
}

// Mailer sends from one address through one server. It is safe for
// concurrent use; each message has a connection of its own.
type Mailer struct {
	cfg      Config
	password Password
	now      func() time.Time
}

// New returns a mailer for cfg; password is needed only with cfg.User.
func New(cfg Config, password Password) *Mailer {
	return &Mailer{cfg: cfg, password: password, now: time.Now}
}

// Received implements intake.Notifier.
func (m *Mailer) Received(ctx context.Context, n intake.Notice) (err error) {
	defer apperr.Wrap(&err, "smtpmail.Received(%q)", n.Reference)
	subject, body := mailtext.Compose(n)
	return m.send(ctx, n.To, subject, body)
}

// Changed implements intake.Notifier.
func (m *Mailer) Changed(ctx context.Context, n intake.Notice) (err error) {
	defer apperr.Wrap(&err, "smtpmail.Changed(%q, %q)", n.Reference, n.Status)
	subject, body := mailtext.ComposeChange(n)
	return m.send(ctx, n.To, subject, body)
}

func (m *Mailer) send(ctx context.Context, to, subject, body string) error {
	msg, err := m.message(to, subject, body)
	if err != nil {
		return err
	}
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", net.JoinHostPort(m.cfg.Host, strconv.Itoa(m.cfg.Port)))
	if err != nil {
		return scrub(ctx, "connect", err)
	}
	// The context bounds the whole exchange, not only the dial.
	if deadline, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(deadline)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	c, err := smtp.NewClient(conn, m.cfg.Host)
	if err != nil {
		conn.Close()
		return scrub(ctx, "greeting", err)
	}
	defer c.Close()
	// A Lambda container has no name of its own that a server could check;
	// net/smtp's default, said explicitly.
	if err := c.Hello("localhost"); err != nil {
		return scrub(ctx, "hello", err)
	}
	if ok, _ := c.Extension("STARTTLS"); !ok {
		return ErrNoStartTLS
	}
	if err := c.StartTLS(&tls.Config{ServerName: m.cfg.Host, RootCAs: m.cfg.RootCAs, MinVersion: tls.VersionTLS12}); err != nil {
		return scrub(ctx, "starttls", err)
	}
	if m.cfg.User != "" {
		if err := m.auth(ctx, c); err != nil {
			return err
		}
	}
	if err := c.Mail(m.cfg.From); err != nil {
		return scrub(ctx, "mail from", err)
	}
	if err := c.Rcpt(to); err != nil {
		return scrub(ctx, "rcpt to", err)
	}
	w, err := c.Data()
	if err != nil {
		return scrub(ctx, "data", err)
	}
	if _, err := w.Write(msg); err != nil {
		return scrub(ctx, "data", err)
	}
	if err := w.Close(); err != nil {
		return scrub(ctx, "data", err)
	}
	_ = c.Quit() // the server took the message; a lost goodbye changes nothing
	return nil
}

// auth signs in with PLAIN, which net/smtp sends only over TLS. A refused
// password is forgotten, so that the next message fetches it again: the
// operator may have rotated it.
func (m *Mailer) auth(ctx context.Context, c *smtp.Client) error {
	pw, err := m.pass(ctx)
	if err != nil {
		return err
	}
	err = c.Auth(smtp.PlainAuth("", m.cfg.User, pw, m.cfg.Host))
	var tp *textproto.Error
	if errors.As(err, &tp) && tp.Code == 535 {
		m.password.Forget()
	}
	if err != nil {
		return scrub(ctx, "auth", err)
	}
	return nil
}

func (m *Mailer) pass(ctx context.Context) (string, error) {
	if m.password == nil {
		return "", errors.New("smtp: a user but no password source")
	}
	pw, err := m.password.Value(ctx)
	if err != nil {
		return "", fmt.Errorf("smtp password: %w", err)
	}
	if pw == "" {
		return "", errors.New("smtp password: empty")
	}
	return pw, nil
}

// message is the e-mail as sent: plain text in UTF-8, base64 so that every
// line is short ASCII whatever the language, the subject an RFC 2047 word,
// marked as sent automatically (RFC 3834) so that auto-replies stay away.
func (m *Mailer) message(to, subject, body string) ([]byte, error) {
	for _, a := range []string{m.cfg.From, to} {
		// One plain address each: nothing that could add a header or a recipient.
		if p, err := mail.ParseAddress(a); err != nil || p.Address != a || p.Name != "" {
			return nil, errors.New("smtp: not a plain address")
		}
	}
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		return nil, err
	}
	_, domain, _ := strings.Cut(m.cfg.From, "@")
	var b strings.Builder
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", m.cfg.From)
	header("To", to)
	header("Subject", mime.BEncoding.Encode("UTF-8", subject))
	header("Date", m.now().Format(time.RFC1123Z))
	header("Message-ID", "<"+hex.EncodeToString(id)+"@"+domain+">")
	header("Auto-Submitted", "auto-generated")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=UTF-8")
	header("Content-Transfer-Encoding", "base64")
	b.WriteString("\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(body))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return []byte(b.String()), nil
}

// scrub keeps what may be logged of an SMTP error: the stage and the reply's
// code. A server's reply text can quote the recipient's address ("550 5.1.1
// <legal@example.com>: unknown"), which must not reach a log. A certificate
// that does not verify is said so: that is a configuration to fix, not a
// transient failure.
func scrub(ctx context.Context, stage string, err error) error {
	var tp *textproto.Error
	var cert *tls.CertificateVerificationError
	switch {
	case errors.As(err, &tp):
		return apperr.Unavailable(fmt.Errorf("smtp %s: %d", stage, tp.Code))
	case errors.As(err, &cert):
		return fmt.Errorf("smtp %s: the server's certificate does not verify: %w", stage, cert.Err)
	case ctx.Err() != nil:
		return apperr.Unavailable(fmt.Errorf("smtp %s: %w", stage, context.DeadlineExceeded))
	}
	return apperr.Unavailable(fmt.Errorf("smtp %s: failed", stage))
}
