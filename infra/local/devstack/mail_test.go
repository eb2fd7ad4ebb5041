package devstack_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/infra/local/devstack"
	"github.com/putuo-compliance/intake/infra/local/localtest"
)

// MAIL_TRANSPORT=smtp make run: Mailpit runs beside moto, the functions send through it
// over STARTTLS with AUTH, a confirmation sent from the pages arrives there, and
// Ctrl-C stops it too.
func TestLocalStackMailsBySMTP(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	api := "http://" + ln.Addr().String()
	var stdout, stderr localtest.SyncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready, done := make(chan devstack.Info, 1), make(chan error, 1)
	go func() {
		done <- devstack.Run(ctx, devstack.Options{Listener: ln, Template: templatePath, StackName: "devstack-smtp",
			Mail: devstack.MailSMTP, Getenv: os.Getenv, Stdout: &stdout, Stderr: &stderr,
			OnReady: func(info devstack.Info) { ready <- info }})
	}()
	defer func() {
		if t.Failed() {
			t.Logf("stderr:\n%s\nlogs:\n%s", stderr.String(), stdout.String())
		}
	}()
	var info devstack.Info
	select {
	case info = <-ready:
	case err := <-done:
		t.Fatalf("Run returned before the stack was ready: %v", err)
	case <-time.After(2 * time.Minute):
		t.Fatal("stack not ready after 2 minutes")
	}
	if info.MailURL == "" || !strings.Contains(stderr.String(), info.MailURL) {
		t.Fatalf("Mailpit's address %q, not in the banner", info.MailURL)
	}

	// A browser sends the consultation form.
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	page := get(t, browser, api+"/consultation")
	token := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
	if token == nil {
		t.Fatal("the form page has no CSRF token")
	}
	form := url.Values{"csrf": {token[1]}, "step": {"send"},
		"company.name": {"上海某网络科技有限公司"}, "company.creditCode": {"91310107MA1G8K3Q33"}, "company.industry": {"gaming"},
		"contact.name": {"张三"}, "contact.mobile": {"13812345678"}, "contact.email": {"legal@example.com"},
		"language": {"en"}, "consent.accepted": {"true"},
		"incident.role": {"victim"}, "incident.category": {"online-fraud"},
		"incident.occurredOn": {"2026-11-01"}, "incident.discoveredOn": {"2026-11-03"},
		"incident.title": {"t"}, "incident.description": {"d"}, "incident.reportedToPolice": {"false"},
		"incident.measures": {"none"}, "incident.operationsImpact": {"minor"},
		"incident.estimatedLossCny": {"1"}, "incident.urgency": {"normal"}, "incident.questions": {"q"}}
	req, _ := http.NewRequest("POST", api+"/consultation", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := browser.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(t, resp)
	ref := regexp.MustCompile(`C-[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(body)
	if resp.StatusCode != 200 || ref == "" || !strings.Contains(body, "确认邮件已发往") {
		t.Fatalf("confirmation %d, reference %q:\n%.1500s", resp.StatusCode, ref, body)
	}

	var list struct {
		Messages []struct{ Subject, Username string }
	}
	if err := json.Unmarshal([]byte(get(t, http.DefaultClient, info.MailURL+"/api/v1/messages")), &list); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range list.Messages {
		found = found || (strings.Contains(m.Subject, ref) && strings.Contains(m.Subject, "We have received") && m.Username == devstack.LocalSMTPUser)
	}
	if !found {
		t.Errorf("no mail for %s, in English and signed in, among %+v", ref, list.Messages)
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if _, err := http.Get(info.MailURL + "/readyz"); err == nil {
		t.Error("Mailpit still answers after the stack stopped")
	}
}

func get(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d", u, resp.StatusCode)
	}
	return readBody(t, resp)
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
