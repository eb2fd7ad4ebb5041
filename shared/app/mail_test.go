package app_test

// The firms' e-mails through both transports, from the functions as their
// mains build them with the template's settings for each: SES on moto, and
// SMTP on a real local SMTP server, Mailpit (STARTTLS with a certificate for
// localhost, SMTP AUTH, the password in moto's Secrets Manager). The rules
// around the transport - one address's daily limit, the page saying a mail was
// sent only when the transport took it, the words of a notice and nothing of
// the form - must hold for both alike.

import (
	"context"
	"encoding/base64"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/putuo-compliance/intake/infra/local/mailpit"
	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/app"
	"github.com/putuo-compliance/intake/shared/logging"
)

// mailRoute is one way the e-mails go out: a stack deployed for it, the
// environment overrides its functions get, and where its mail can be read.
type mailRoute struct {
	stack     *provision.Stack
	overrides []string
	// refusing are overrides under which the transport refuses every mail.
	refusing []string
	// mails returns subject + "\n" + body of each mail whose subject names ref.
	mails func(t *testing.T, ref string) []string
}

func sesRoute(t *testing.T) mailRoute {
	s, err := local.Deploy(context.Background(), "mail-ses")
	if err != nil {
		t.Fatal(err)
	}
	return mailRoute{
		stack: s,
		// SES (moto too) sends only from a verified identity.
		refusing: []string{"SENDER_ADDRESS", "unverified@example.org"},
		mails:    func(t *testing.T, ref string) []string { return sentMail(t, ref) },
	}
}

func smtpRoute(t *testing.T) mailRoute {
	ctx := context.Background()
	cert, key, err := mailpit.NewCert("localhost", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	const user, password = "intake", "relay-Pass-2026"
	srv, err := mailpit.Start(ctx, mailpit.Options{CertPEM: cert, KeyPEM: key, Users: map[string]string{user: password}})
	if err != nil {
		t.Fatal(err) // never a skip: make setup installs Mailpit
	}
	t.Cleanup(srv.Stop)
	plain, err := mailpit.Start(ctx, mailpit.Options{}) // no STARTTLS
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(plain.Stop)
	// The operator's secret, as they would create it.
	secret, err := secretsmanager.NewFromConfig(local.Config).CreateSecret(ctx, &secretsmanager.CreateSecretInput{
		Name: aws.String(fmt.Sprintf("smtp-password-%d", time.Now().UnixNano())), SecretString: aws.String(password)})
	if err != nil {
		t.Fatal(err)
	}
	params := maps.Clone(provision.LocalParameters)
	maps.Copy(params, map[string]string{"SmtpHost": srv.Host, "SmtpPort": fmt.Sprint(srv.Port), "SmtpUser": user,
		"SmtpPasswordSecretArn": aws.ToString(secret.ARN)})
	s, err := provision.DeployWith(ctx, local.Config, local.Template, fmt.Sprintf("mail-smtp-%d", time.Now().UnixNano()), params)
	if err != nil {
		t.Fatal(err)
	}
	// The local CA: not the template's business, the function's setting.
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, cert, 0o600); err != nil {
		t.Fatal(err)
	}
	return mailRoute{
		stack:     s,
		overrides: []string{"SMTP_CA_FILE", ca},
		refusing:  []string{"SMTP_CA_FILE", ca, "SMTP_PORT", fmt.Sprint(plain.Port)},
		mails: func(t *testing.T, ref string) []string {
			t.Helper()
			msgs, err := srv.Messages(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			var found []string
			for _, m := range msgs {
				if strings.Contains(m.Subject, ref) {
					if m.Username != user {
						t.Errorf("mail %q sent as %q, want %q", m.Subject, m.Username, user)
					}
					found = append(found, m.Subject+"\n"+m.Text)
				}
			}
			return found
		},
	}
}

func TestMailBothTransports(t *testing.T) {
	routes := map[string]func(*testing.T) mailRoute{"ses": sesRoute, "smtp": smtpRoute}
	for name, newRoute := range routes {
		t.Run(name, func(t *testing.T) {
			r := newRoute(t)
			env, err := r.stack.FunctionEnv("WebFunction")
			if err != nil {
				t.Fatal(err)
			}
			if env["MAIL_TRANSPORT"] != name || env["SENDER_ADDRESS"] == "" {
				t.Fatalf("the template gives WebFunction MAIL_TRANSPORT %q, SENDER_ADDRESS %q", env["MAIL_TRANSPORT"], env["SENDER_ADDRESS"])
			}
			// Two confirmations a day per address, the third submission none.
			web := newBrowser(t, r.stack, append(r.overrides, "MAILS_PER_ADDRESS_DAY", "2")...)
			to := name + "-firm@example.com"
			sends := []struct {
				lang     string
				wantMail bool
				wantIn   string // in its subject
			}{
				{lang: "zh-CN", wantMail: true, wantIn: "已收到您的涉案事件征询"},
				{lang: "en", wantMail: true, wantIn: "We have received your incident consultation"},
				{lang: "zh-CN"},
			}
			for i, s := range sends {
				ref, said := web.send(to, s.lang)
				if said != s.wantMail {
					t.Errorf("send %d: the page says a mail was sent: %v, want %v", i+1, said, s.wantMail)
				}
				mails := waitMails(t, r, ref, s.wantMail)
				if name == "smtp" && len(sentMail(t, ref)) > 0 {
					t.Errorf("send %d: SES sent it too", i+1)
				}
				if !s.wantMail {
					if len(mails) != 0 {
						t.Errorf("send %d: %d mails past the limit", i+1, len(mails))
					}
					continue
				}
				if len(mails) != 1 {
					t.Fatalf("send %d: %d mails for %s, want 1", i+1, len(mails), ref)
				}
				checkNotice(t, mails[0], s.wantIn, ref, s.lang)
			}

			t.Run("a refused mail is not said to be sent", func(t *testing.T) {
				web := newBrowser(t, r.stack, r.refusing...)
				ref, said := web.send(name+"-refused@example.com", "zh-CN")
				if said || ref == "" {
					t.Errorf("reference %q, the page says a mail was sent: %v", ref, said)
				}
				if got := r.mails(t, ref); len(got) != 0 {
					t.Errorf("%d mails arrived", len(got))
				}
			})

			t.Run("staff moves are told the same way", func(t *testing.T) {
				// The oldest waiting is the pages' first submission, answered in zh-CN.
				w := newWorldOn(t, r.stack, r.overrides...)
				w.deliver()
				claimed := w.claim(psStaff)
				var notices []string
				for deadline := time.Now().Add(3 * time.Second); len(notices) == 0 && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
					notices = slices.DeleteFunc(r.mails(t, claimed.Reference), func(m string) bool { return strings.Contains(m, "已收到") })
				}
				if len(notices) != 1 {
					t.Fatalf("%d notices of the claim of %s, want 1", len(notices), claimed.Reference)
				}
				checkNotice(t, notices[0], "办理中", claimed.Reference, "zh-CN")
			})
		})
	}
}

// checkNotice checks a mail's words: its subject, the reference and agency in
// the firm's language, and nothing the firm wrote.
func checkNotice(t *testing.T, mail, wantIn, ref, lang string) {
	t.Helper()
	subject, body, _ := strings.Cut(mail, "\n")
	if !strings.Contains(subject, wantIn) || !strings.Contains(subject, ref) {
		t.Errorf("subject %q, want %q and %s", subject, wantIn, ref)
	}
	a, _ := agency.Lookup(agency.PublicSecurity)
	if !strings.Contains(body, ref) || !strings.Contains(body, a.Name(lang)) {
		t.Errorf("body lacks the reference or %q:\n%s", a.Name(lang), body)
	}
	for _, personal := range []string{"上海某网络科技有限公司", "91310107MA1G8K3Q33", "张三", "13812345678", "客服系统被冒用", "诈骗团伙", "是否应当报警"} {
		if strings.Contains(mail, personal) {
			t.Errorf("the mail carries %q:\n%s", personal, mail)
		}
	}
}

// waitMails reads ref's mails, waiting a little for one when one is due.
func waitMails(t *testing.T, r mailRoute, ref string, due bool) []string {
	t.Helper()
	for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		got := r.mails(t, ref)
		if len(got) > 0 || !due || time.Now().After(deadline) {
			return got
		}
	}
}

// browser posts the web pages' consultation form as a browser does: with the
// CSRF cookie and token the form page gave it.
type browser struct {
	t      *testing.T
	web    func(events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPResponse
	cookie string
	token  string
}

func newBrowser(t *testing.T, s *provision.Stack, overrides ...string) *browser {
	t.Helper()
	fnEnv, err := s.FunctionEnv("WebFunction")
	if err != nil {
		t.Fatal(err)
	}
	h, err := app.HTTPFunctions["WebFunction"](envFor(fnEnv, overrides...), logging.New(&strings.Builder{}, "error"))
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, web: func(req events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPResponse {
		resp, err := h(context.Background(), req)
		if err != nil {
			t.Fatalf("WebFunction returned an error: %v", err)
		}
		return resp
	}}
	page := b.web(events.APIGatewayV2HTTPRequest{RouteKey: "GET /consultation", RawPath: "/consultation", Headers: map[string]string{}})
	if len(page.Cookies) != 1 {
		t.Fatalf("form page: %d, cookies %v", page.StatusCode, page.Cookies)
	}
	b.cookie, _, _ = strings.Cut(page.Cookies[0], ";")
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatal("the form page has no CSRF token")
	}
	b.token = m[1]
	return b
}

// The confirmation page's two answers about the mail (shared/web's catalog).
const mailSent, mailNotSent = "确认邮件已发往", "未能向您填写的电子邮箱发送确认邮件"

// send sends a consultation naming the contact address to, answered in lang,
// and returns its reference and whether the page says a mail was sent.
func (b *browser) send(to, lang string) (ref string, saysSent bool) {
	b.t.Helper()
	form := url.Values{
		"csrf": {b.token}, "step": {"send"},
		"company.name": {"上海某网络科技有限公司"}, "company.creditCode": {"91310107MA1G8K3Q33"}, "company.industry": {"gaming"},
		"contact.name": {"张三"}, "contact.mobile": {"13812345678"}, "contact.email": {to},
		"language": {lang}, "consent.accepted": {"true"},
		"incident.role": {"victim"}, "incident.category": {"online-fraud"},
		"incident.occurredOn": {"2026-11-01"}, "incident.discoveredOn": {"2026-11-03"},
		"incident.title": {"客服系统被冒用"}, "incident.description": {"诈骗团伙冒充客服。"}, "incident.reportedToPolice": {"false"},
		"incident.measures": {"none"}, "incident.operationsImpact": {"minor"},
		"incident.estimatedLossCny": {"120000"}, "incident.urgency": {"normal"}, "incident.questions": {"是否应当报警？"},
	}
	resp := b.web(events.APIGatewayV2HTTPRequest{
		RouteKey: "POST /consultation", RawPath: "/consultation",
		Headers: map[string]string{"content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin"},
		Cookies: []string{b.cookie}, Body: base64.StdEncoding.EncodeToString([]byte(form.Encode())), IsBase64Encoded: true,
	})
	ref = regexp.MustCompile(`C-[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(resp.Body)
	sent, notSent := strings.Contains(resp.Body, mailSent), strings.Contains(resp.Body, mailNotSent)
	if resp.StatusCode != 200 || ref == "" || sent == notSent {
		b.t.Fatalf("confirmation page: %d, reference %q, says sent %v, not sent %v:\n%.2000s", resp.StatusCode, ref, sent, notSent, resp.Body)
	}
	return ref, sent
}
