// Package mailpit starts and stops a local Mailpit (github.com/axllent/mailpit,
// installed by make setup), the SMTP server that captures the e-mails the stack
// sends without SES, and reads them back through its HTTP API: make run's mail
// server when MAIL_TRANSPORT=smtp, and the SMTP adapter's tests' real server. Mailpit
// offers STARTTLS with the certificate it is given (NewCert makes one for the
// local host names) and can require it and SMTP AUTH, as a provider's server
// would; without a certificate it offers neither, like a server one must not
// send through.
package mailpit

import (
	"cmp"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/putuo-compliance/intake/infra/local/process"
)

// ErrNotInstalled means mailpit is not on PATH.
var ErrNotInstalled = errors.New("mailpit not found on PATH: run make setup (it installs the pinned version with go install)")

// Options choose how the server behaves.
type Options struct {
	// CertPEM and KeyPEM, when set, make it offer STARTTLS with that
	// certificate (NewCert); unset, it offers no STARTTLS and no AUTH.
	CertPEM, KeyPEM []byte
	// Users, when set, makes it require SMTP AUTH with one of these user
	// names and passwords (which needs STARTTLS); unset, it takes mail without.
	Users map[string]string
	// AllowedRecipients, when set, is a regular expression that recipients
	// must match; others are refused (550), as a provider refuses an unknown
	// address.
	AllowedRecipients string
	// SMTPPort and HTTPPort: 0 picks a free port.
	SMTPPort, HTTPPort int
}

// Server is a running Mailpit.
type Server struct {
	Host    string // the SMTP host: localhost, which NewCert's certificate names
	Port    int    // the SMTP port
	APIURL  string // its web UI and HTTP API
	CertPEM []byte // the certificate it offers for STARTTLS, if any
	dir     string
	proc    *process.Process
}

// Start runs Mailpit on 127.0.0.1 and waits until it answers. Its output goes to
// stderr only when MAILPIT_VERBOSE is set; otherwise its last lines are in the
// error when it does not start.
func Start(ctx context.Context, o Options) (*Server, error) {
	bin, err := exec.LookPath("mailpit")
	if err != nil {
		return nil, ErrNotInstalled
	}
	dir, err := os.MkdirTemp("", "mailpit-")
	if err != nil {
		return nil, err
	}
	s := &Server{Host: "localhost", CertPEM: o.CertPEM, dir: dir}
	args := []string{"--database", filepath.Join(dir, "mailpit.db"), "--disable-version-check", "--smtp-disable-rdns", "--quiet"}
	if len(o.CertPEM) > 0 {
		cert, key := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
		if err := writeFiles(map[string][]byte{cert: o.CertPEM, key: o.KeyPEM}); err != nil {
			s.cleanup()
			return nil, err
		}
		args = append(args, "--smtp-tls-cert", cert, "--smtp-tls-key", key, "--smtp-require-starttls")
	}
	if len(o.Users) > 0 {
		var lines []byte
		for u, p := range o.Users {
			lines = fmt.Appendf(lines, "%s:%s\n", u, p)
		}
		auth := filepath.Join(dir, "users")
		if err := writeFiles(map[string][]byte{auth: lines}); err != nil {
			s.cleanup()
			return nil, err
		}
		args = append(args, "--smtp-auth-file", auth)
	}
	if o.AllowedRecipients != "" {
		args = append(args, "--smtp-allowed-recipients", o.AllowedRecipients)
	}
	// The ports asked for, else the free ones picked.
	options := func(free []int) process.Options {
		smtpPort, httpPort := cmp.Or(o.SMTPPort, free[0]), cmp.Or(o.HTTPPort, free[1])
		s.Port, s.APIURL = smtpPort, fmt.Sprintf("http://127.0.0.1:%d", httpPort)
		return process.Options{Name: "mailpit", Path: bin, Verbose: os.Getenv("MAILPIT_VERBOSE") != "",
			Args:     append([]string{"--smtp", fmt.Sprintf("127.0.0.1:%d", smtpPort), "--listen", fmt.Sprintf("127.0.0.1:%d", httpPort)}, args...),
			ReadyURL: s.APIURL + "/readyz", Ports: []int{smtpPort, httpPort}}
	}
	if o.SMTPPort != 0 && o.HTTPPort != 0 {
		s.proc, err = process.Start(ctx, options([]int{0, 0}))
	} else {
		s.proc, _, err = process.StartOnFreePorts(ctx, 2, options)
	}
	if err != nil {
		s.cleanup()
		return nil, fmt.Errorf("%w (are ports %d and %s free?)", err, s.Port, s.APIURL)
	}
	return s, nil
}

// Stop ends Mailpit, waits for it to exit and removes its files.
func (s *Server) Stop() {
	if s == nil || s.proc == nil {
		return
	}
	s.proc.Stop()
	s.cleanup()
}

func (s *Server) cleanup() { os.RemoveAll(s.dir) }

// Address is a mailbox in Mailpit's API.
type Address struct {
	Name    string `json:"Name"`
	Address string `json:"Address"`
}

// Message is an e-mail Mailpit captured, as its API gives it: the headers
// decoded, Text the plain-text body decoded from its transfer encoding.
type Message struct {
	ID         string    `json:"ID"`
	From       Address   `json:"From"`
	To         []Address `json:"To"`
	ReturnPath string    `json:"ReturnPath"` // the envelope sender
	Subject    string    `json:"Subject"`
	Username   string    `json:"Username"` // who signed in with SMTP AUTH; empty without
	Text       string    `json:"Text"`
}

// Messages returns every message captured so far, newest first, each in full.
func (s *Server) Messages(ctx context.Context) ([]Message, error) {
	var list struct {
		Messages []struct{ ID string } `json:"messages"`
	}
	if err := s.get(ctx, "/api/v1/messages?limit=1000", &list); err != nil {
		return nil, err
	}
	out := make([]Message, 0, len(list.Messages))
	for _, m := range list.Messages {
		var full Message
		if err := s.get(ctx, "/api/v1/message/"+m.ID, &full); err != nil {
			return nil, err
		}
		out = append(out, full)
	}
	return out, nil
}

func (s *Server) get(ctx context.Context, path string, into any) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.APIURL+path, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("mailpit: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("mailpit %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		return fmt.Errorf("mailpit %s: %w", path, err)
	}
	return nil
}

// NewCert makes a self-signed certificate and its key, in PEM, for hosts
// (names or IP addresses), valid for a day: the local stack's and the tests'
// SMTP server certificate. The certificate is its own CA, so a client that
// trusts it (smtpmail's RootCAs) verifies the server by name, as in the cloud.
func NewCert(hosts ...string) (certPEM, keyPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: hosts[0], Organization: []string{"Compliance Intake local SMTP"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), nil
}

func writeFiles(files map[string][]byte) error {
	for path, b := range files {
		if err := os.WriteFile(path, b, 0o600); err != nil {
			return err
		}
	}
	return nil
}
