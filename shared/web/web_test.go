package web_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"html/template"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/forms/formparse"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/intaketest"
	"github.com/putuo-compliance/intake/shared/keyring"
	"github.com/putuo-compliance/intake/shared/routing"
	"github.com/putuo-compliance/intake/shared/web"
)

var today = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

// keys are the local stack's (provision.LocalSecret), so that the sample
// events' tokens are good here too.
var keys = keyring.Static(provision.LocalSecret)

// browserID is a browser's CSRF cookie, as the pages set it; csrf is the token
// its pages carry.
const browserID = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"

var csrf = csrfTokenFor(browserID)

// csrfTokenFor is the token the pages put in their forms for a browser's id.
func csrfTokenFor(id string) string {
	key, err := keys.Key(context.Background(), "csrf")
	if err != nil {
		panic(err)
	}
	token, _ := httpedge.NewCSRF("intake_csrf", key).Token(httpedge.Request{Event: events.APIGatewayV2HTTPRequest{Cookies: []string{"intake_csrf=" + id}}})
	return token
}

type env struct {
	h     httpedge.Handler
	store *intaketest.Store
	queue *intaketest.Queue
	mail  *intaketest.Notifier
}

func newEnv() env { return newEnvMailing(true) }

// newEnvMailing builds the pages with e-mail confirmations on or off.
func newEnvMailing(mails bool) env {
	clock := func() time.Time { return today }
	store, queue, mail := intaketest.NewStore(), intaketest.NewQueue(), &intaketest.Notifier{}
	parser := formparse.New(clock)
	svc := &intake.Service{Store: store, Queue: queue, Parser: parser, Rules: routing.Default(), Now: clock, Keys: keys}
	if mails {
		svc.Notifier = mail
	}
	log := logrus.New()
	log.SetLevel(logrus.PanicLevel)
	return env{web.New(svc, parser, mails, keys, log), store, queue, mail}
}

// get and post build the events API Gateway sends for a browser's requests.
func get(route, query string) events.APIGatewayV2HTTPRequest {
	q, _ := url.ParseQuery(query)
	params := map[string]string{}
	for k := range q {
		params[k] = q.Get(k)
	}
	return events.APIGatewayV2HTTPRequest{RouteKey: "GET " + route, RawPath: route, QueryStringParameters: params, Headers: map[string]string{}}
}

// post's cookie is the browser's CSRF cookie id, "" for none.
func post(route, query string, form url.Values, cookie string) events.APIGatewayV2HTTPRequest {
	ev := get(route, query)
	ev.RouteKey = "POST " + route
	ev.Headers["content-type"] = "application/x-www-form-urlencoded"
	ev.Body = base64.StdEncoding.EncodeToString([]byte(form.Encode()))
	ev.IsBase64Encoded = true
	ev.Headers["sec-fetch-site"] = "same-origin" // a browser's post from our own page
	if cookie != "" {
		ev.Cookies = []string{"intake_csrf=" + cookie}
	}
	return ev
}

// fromSite makes ev a post that says, by Sec-Fetch-Site, where it comes from
// ("" for a browser that does not say, with no Origin either).
func fromSite(site string, ev events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPRequest {
	ev.Headers["sec-fetch-site"] = site
	if site == "" {
		delete(ev.Headers, "sec-fetch-site")
	}
	return ev
}

func (e env) do(t *testing.T, ev events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPResponse {
	t.Helper()
	resp, err := e.h(context.Background(), ev)
	if err != nil {
		t.Fatalf("handler error: %v", err)
	}
	return resp
}

// consultation is a valid consultation as the form posts it.
func consultation() url.Values {
	return url.Values{
		"csrf":         {csrf},
		"company.name": {"上海某网络科技有限公司"}, "company.creditCode": {"91310107MA1G8K3Q33"}, "company.industry": {"gaming"},
		"contact.name": {"张三"}, "contact.mobile": {"13812345678"}, "contact.email": {"legal@example.com"},
		"language": {"zh-CN"}, "consent.accepted": {"true"},
		"incident.role": {"victim"}, "incident.category": {"online-fraud"},
		"incident.occurredOn": {"2026-11-01"}, "incident.discoveredOn": {"2026-11-03"},
		"incident.title": {"客服系统被冒用"}, "incident.description": {"诈骗团伙冒充客服。"}, "incident.reportedToPolice": {"false"},
		"incident.measures": {"none"}, "incident.operationsImpact": {"minor"},
		"incident.estimatedLossCny": {"120000"}, "incident.urgency": {"normal"}, "incident.questions": {"是否应当报警？"},
	}
}

func with(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

func TestPagesRender(t *testing.T) {
	tests := []struct {
		name     string
		give     events.APIGatewayV2HTTPRequest
		accept   string
		wantLang string
		want     []string
	}{
		{"home zh by default", get("/", ""), "", "zh-CN", []string{"涉案事件征询", `href="/consultation?lang=zh-CN"`, `href="/training?lang=zh-CN"`, `href="/status?lang=zh-CN"`, `href="/?lang=en"`}},
		{"home en by query", get("/", "lang=en"), "", "en", []string{"Ask about a case-related incident", `href="/?lang=zh-CN"`}},
		{"home en by Accept-Language", get("/", ""), "en-GB,en;q=0.9", "en", []string{"Request training"}},
		{"consultation zh", get("/consultation", ""), "", "zh-CN", []string{"统一社会信用代码", "18 位统一社会信用代码", "网络诈骗或黑灰产", `name="csrf"`, `name="website"`, "<legend"}},
		{"consultation en", get("/consultation", "lang=en"), "", "en", []string{"Unified social credit code", "Online fraud or black/grey-market chain", `value="en" checked`}},
		{"training en", get("/training", "lang=en"), "", "en", []string{"Preferred date 3", "Criminal compliance", "Number of attendees"}},
		{"status", get("/status", ""), "", "zh-CN", []string{`name="reference"`, `name="token"`, `method="post"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.give.Headers["accept-language"] = tt.accept
			resp := newEnv().do(t, tt.give)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if !strings.Contains(resp.Body, `<html lang="`+tt.wantLang+`">`) {
				t.Errorf("want lang %s", tt.wantLang)
			}
			for _, w := range tt.want {
				if !strings.Contains(resp.Body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			// Every UI text key has a translation: none shows through as a key.
			if m := regexp.MustCompile(`>[a-z]+\.[a-z.]+<`).FindString(resp.Body); m != "" {
				t.Errorf("untranslated key %s", m)
			}
			checkHeaders(t, resp)
			if len(resp.Cookies) != 1 || !strings.HasPrefix(resp.Cookies[0], "intake_csrf=") || !strings.Contains(resp.Cookies[0], "HttpOnly") || !strings.Contains(resp.Cookies[0], "SameSite=Lax") {
				t.Errorf("csrf cookie %v", resp.Cookies)
			}
		})
	}
}

func checkHeaders(t *testing.T, resp events.APIGatewayV2HTTPResponse) {
	t.Helper()
	csp := resp.Headers["Content-Security-Policy"]
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP %q", csp)
	}
	want := map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "Cache-Control": "no-store", "Content-Type": "text/html; charset=utf-8"}
	for k, v := range want {
		if resp.Headers[k] != v {
			t.Errorf("%s = %q, want %q", k, resp.Headers[k], v)
		}
	}
}

// The browser's cookie comes back with the token already set; a page reuses it.
func TestCSRFCookieReused(t *testing.T) {
	ev := get("/consultation", "")
	ev.Cookies = []string{"other=1", "intake_csrf=" + browserID}
	resp := newEnv().do(t, ev)
	if len(resp.Cookies) != 0 || !strings.Contains(resp.Body, `value="`+csrf+`"`) {
		t.Fatalf("cookies %v; want the page to carry the browser's token", resp.Cookies)
	}
}

// Behind API Gateway (HTTPS) the cookie has the __Host- prefix, and a post
// carries it back.
func TestCSRFCookieOverHTTPS(t *testing.T) {
	e := newEnv()
	ev := get("/consultation", "")
	ev.Headers["x-forwarded-proto"] = "https"
	page := e.do(t, ev)
	if len(page.Cookies) != 1 || !strings.HasPrefix(page.Cookies[0], "__Host-intake_csrf=") || !strings.Contains(page.Cookies[0], "; Secure") {
		t.Fatalf("cookies %v", page.Cookies)
	}
	id, _, _ := strings.Cut(strings.TrimPrefix(page.Cookies[0], "__Host-intake_csrf="), ";")
	token := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page.Body)[1]
	p := post("/consultation", "", with(consultation(), "csrf", token), "")
	p.Headers["x-forwarded-proto"] = "https"
	p.Cookies = []string{"__Host-intake_csrf=" + id}
	if resp := e.do(t, p); resp.StatusCode != 200 || !strings.Contains(resp.Body, "提交前请核对您的回答") {
		t.Fatalf("post with the page's token: %d", resp.StatusCode)
	}
}

func TestPostsRefused(t *testing.T) {
	tests := []struct {
		name       string
		give       events.APIGatewayV2HTTPRequest
		wantStatus int
	}{
		{"no cookie", post("/consultation", "", with(consultation(), "step", "send"), ""), 403},
		{"token differs from cookie", post("/consultation", "", with(consultation(), "step", "send", "csrf", strings.Repeat("x", 43)), browserID), 403},
		{"no token", post("/consultation", "", with(consultation(), "step", "send", "csrf", ""), browserID), 403},
		{"status without token", post("/status", "", url.Values{"reference": {"C-2222-2222"}}, browserID), 403},
		{"the cookie's id as token", post("/consultation", "", with(consultation(), "step", "send", "csrf", browserID), browserID), 403},
		{"cross-site post", fromSite("cross-site", post("/consultation", "", with(consultation(), "step", "send"), browserID)), 403},
		{"a sibling host's post", fromSite("same-site", post("/consultation", "", with(consultation(), "step", "send"), browserID)), 403},
		{"no Sec-Fetch-Site nor Origin", fromSite("", post("/consultation", "", with(consultation(), "step", "send"), browserID)), 403},
		{"planted plain cookie over HTTPS", func() events.APIGatewayV2HTTPRequest {
			ev := post("/consultation", "", with(consultation(), "step", "send"), browserID)
			ev.Headers["x-forwarded-proto"] = "https"
			return ev
		}(), 403},
		{"too large", post("/training", "", url.Values{"csrf": {csrf}, "training.notes": {strings.Repeat("a", 70000)}}, browserID), 413},
		{"not a form post", func() events.APIGatewayV2HTTPRequest {
			ev := post("/consultation", "", consultation(), browserID)
			ev.Headers["content-type"] = "application/json"
			return ev
		}(), 400},
		{"unknown route", get("/admin", ""), 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv()
			resp := e.do(t, tt.give)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if e.store.Len() != 0 {
				t.Fatal("stored a refused post")
			}
			checkHeaders(t, resp)
		})
	}
}

func TestFormErrorsKeepValues(t *testing.T) {
	tests := []struct {
		name string
		give url.Values
		lang string
		want []string
	}{
		{"bad check character", with(consultation(), "company.creditCode", "91310107MA1G8K3Q34"), "",
			[]string{
				`href="#f-company-creditCode"`, "校验位不正确",
				`id="f-company-creditCode-error"`, `aria-describedby="f-company-creditCode-hint f-company-creditCode-error"`,
				`aria-invalid="true"`, `value="91310107MA1G8K3Q34"`, `value="上海某网络科技有限公司"`,
				`value="online-fraud" checked`, "诈骗团伙冒充客服。", `class="error-summary"`, "autofocus",
			}},
		{"group errors link to the first choice, in English", with(consultation(), "incident.role", "", "incident.reportedToPolice", ""), "lang=en",
			[]string{`href="#f-incident-role-victim"`, `href="#f-incident-reportedToPolice-true"`, "Your firm&#39;s role is required", `value="91310107MA1G8K3Q33"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv()
			resp := e.do(t, post("/consultation", tt.lang, tt.give, browserID))
			if resp.StatusCode != 422 {
				t.Fatalf("status %d, want 422", resp.StatusCode)
			}
			for _, w := range tt.want {
				if !strings.Contains(resp.Body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if e.store.Len() != 0 {
				t.Fatal("stored an invalid form")
			}
		})
	}
}

func TestHostileInputEscaped(t *testing.T) {
	hostile := `"><script>alert(1)</script><img src=x onerror=alert(2)>`
	tests := []struct {
		name string
		give url.Values
	}{
		{"re-rendered form", with(consultation(), "company.name", hostile, "company.creditCode", "bad")},
		{"check page", with(consultation(), "incident.description", hostile)},
		{"change link value", with(consultation(), "edit", `"><script>alert(3)</script>`, "incident.title", hostile)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := newEnv().do(t, post("/consultation", "", tt.give, browserID))
			if strings.Contains(resp.Body, "<script>alert") || strings.Contains(resp.Body, "<img src=x") {
				t.Fatalf("hostile markup reached the page:\n%s", resp.Body)
			}
			if !strings.Contains(resp.Body, "&lt;script&gt;alert(1)") {
				t.Errorf("the value is not shown back, escaped")
			}
		})
	}
}

func TestCheckChangeSend(t *testing.T) {
	e := newEnv()
	check := e.do(t, post("/consultation", "", consultation(), browserID))
	if check.StatusCode != 200 || !strings.Contains(check.Body, "提交前请核对您的回答") {
		t.Fatalf("check page: %d\n%s", check.StatusCode, check.Body)
	}
	for _, w := range []string{`name="edit" value="company.creditCode"`, `type="hidden" name="incident.description" value="诈骗团伙冒充客服。"`, "网络诈骗或黑灰产", `name="step" value="send"`} {
		if !strings.Contains(check.Body, w) {
			t.Errorf("check page lacks %q", w)
		}
	}
	if e.store.Len() != 0 {
		t.Fatal("the check step stored the form")
	}

	change := e.do(t, post("/consultation", "", with(consultation(), "edit", "company.creditCode"), browserID))
	if !regexp.MustCompile(`id="f-company-creditCode"[^>]*autofocus`).MatchString(change.Body) || strings.Contains(change.Body, "error-summary") {
		t.Errorf("change link: want the form with the credit code focused")
	}

	idem := regexp.MustCompile(`name="idem" value="([^"]+)"`).FindStringSubmatch(check.Body)
	if idem == nil {
		t.Fatal("no idempotency key on the check page")
	}
	send := with(consultation(), "step", "send", "idem", idem[1])
	done := e.do(t, post("/consultation", "", send, browserID))
	ref := regexp.MustCompile(`class="reference" id="reference">(C-[0-9A-Z]{4}-[0-9A-Z]{4})<`).FindStringSubmatch(done.Body)
	if done.StatusCode != 200 || ref == nil || !strings.Contains(done.Body, "普陀公安分局") || !strings.Contains(done.Body, `id="status-token"`) {
		t.Fatalf("confirmation: %d\n%s", done.StatusCode, done.Body)
	}
	if e.store.Len() != 1 || len(e.mail.Sent) != 1 || e.mail.Sent[0].Reference != ref[1] {
		t.Fatalf("stored %d, mailed %v", e.store.Len(), e.mail.Sent)
	}

	// Sending again (a reload, a double click) gives the same receipt, not a second submission.
	again := e.do(t, post("/consultation", "", send, browserID))
	if !strings.Contains(again.Body, ref[1]) || e.store.Len() != 1 || len(e.mail.Sent) != 1 {
		t.Fatalf("resend: stored %d, mailed %d", e.store.Len(), len(e.mail.Sent))
	}

	token := regexp.MustCompile(`id="status-token">([A-Za-z0-9_-]+)<`).FindStringSubmatch(done.Body)[1]
	tests := []struct {
		name       string
		ref, token string
		wantStatus int
		want       string
	}{
		{"found", strings.ToLower(ref[1]), token, 200, "等待受理"},
		{"wrong token", ref[1], "AAAAAAAAAAAAAAAAAAAAAA", 404, "未找到与该编号和查询码相符的请求"},
		{"no token", ref[1], "", 404, `href="#f-reference"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := e.do(t, post("/status", "", url.Values{"csrf": {csrf}, "reference": {tt.ref}, "token": {tt.token}}, browserID))
			if resp.StatusCode != tt.wantStatus || !strings.Contains(resp.Body, tt.want) {
				t.Fatalf("status %d, want %d with %q", resp.StatusCode, tt.wantStatus, tt.want)
			}
			if strings.Contains(resp.Body, token) {
				t.Error("the status page shows the token back")
			}
		})
	}
}

func TestTrainingDatesKept(t *testing.T) {
	form := url.Values{
		"csrf":                    {csrf},
		"training.preferredDates": {"2026-12-10", "2030-01-01", ""},
		"training.topics":         {"anti-fraud", "cybersecurity"},
	}
	resp := newEnv().do(t, post("/training", "lang=en", form, browserID))
	for _, w := range []string{`id="f-training-preferredDates-1" name="training.preferredDates" value="2026-12-10"`, `value="2030-01-01"`, "Preferred dates (item 2)", `value="anti-fraud" checked`, `value="cybersecurity" checked`} {
		if !strings.Contains(resp.Body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func TestStatic(t *testing.T) {
	tests := []struct {
		file, query string
		wantStatus  int
		wantType    string
	}{
		{"style.css", "", 200, "text/css; charset=utf-8"},
		{"app.js", "", 200, "text/javascript; charset=utf-8"},
		{"../web.go", "", 404, ""},
		{"nope.css", "", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			ev := get("/static/{file}", tt.query)
			ev.PathParameters = map[string]string{"file": tt.file}
			resp := newEnv().do(t, ev)
			if resp.StatusCode != tt.wantStatus || (tt.wantType != "" && resp.Headers["Content-Type"] != tt.wantType) {
				t.Fatalf("status %d type %q", resp.StatusCode, resp.Headers["Content-Type"])
			}
		})
	}
}

// The sample events for sam local invoke work: the landing page, and a form
// post that reaches the check page.
func TestSampleEvents(t *testing.T) {
	tests := []struct {
		give string
		want string
	}{
		{"web-home.json", "向普陀区有关机关寻求合规帮助"},
		{"web-consultation-post.json", "提交前请核对您的回答"},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			b, err := os.ReadFile("../../events/" + tt.give)
			if err != nil {
				t.Fatal(err)
			}
			var ev events.APIGatewayV2HTTPRequest
			if err := json.Unmarshal(b, &ev); err != nil {
				t.Fatal(err)
			}
			resp := newEnv().do(t, ev)
			if resp.StatusCode != 200 || !strings.Contains(resp.Body, tt.want) {
				t.Fatalf("status %d, want 200 with %q", resp.StatusCode, tt.want)
			}
		})
	}
}

// The confirmation page says an e-mail was sent only when SES accepted it, and
// says so when it did not: the firm must then keep the page.
func TestConfirmationTellsTheTruthAboutMail(t *testing.T) {
	const sent, notSent = "确认邮件已发往", "未能向您填写的电子邮箱发送确认邮件"
	tests := []struct {
		name   string
		mails  bool
		refuse error // the notifier's answer
		replay bool  // the second send of the same answers
		want   string
	}{
		{name: "accepted", mails: true, want: sent},
		{name: "refused", mails: true, refuse: errors.New("ses: MessageRejected"), want: notSent},
		{name: "mail off", mails: false},
		{name: "replay", mails: true, replay: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnvMailing(tt.mails)
			e.mail.Fail = tt.refuse
			send := post("/consultation", "", with(consultation(), "step", "send", "idem", e.checkKey(t)), browserID)
			done := e.do(t, send)
			if tt.replay {
				done = e.do(t, send)
			}
			if done.StatusCode != 200 || e.store.Len() != 1 {
				t.Fatalf("confirmation: %d, stored %d", done.StatusCode, e.store.Len())
			}
			for _, line := range []string{sent, notSent} {
				if got := strings.Contains(done.Body, line); got != (line == tt.want) {
					t.Errorf("page says %q: %v, want %v", line, got, line == tt.want)
				}
			}
		})
	}
}

// The form shows the current consent wording in the page's language, and a
// send records consent to that wording, whatever version the post claims.
func TestConsentIsTheCurrentWording(t *testing.T) {
	current := forms.CurrentConsent()
	for _, lang := range []forms.Lang{forms.ZH, forms.EN} {
		e := newEnv()
		page := e.do(t, get("/consultation", "lang="+string(lang)))
		for _, w := range []string{current.Notice.In(lang), current.Box.In(lang)} {
			if !strings.Contains(page.Body, template.HTMLEscapeString(w)) {
				t.Errorf("%s form lacks the current wording %q", lang, w)
			}
		}
		resp := e.do(t, post("/consultation", "lang="+string(lang), with(consultation(), "step", "send", "consent.version", "1999-01"), browserID))
		ref := regexp.MustCompile(`[CT]-[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(resp.Body)
		sub, err := e.store.Get(context.Background(), ref)
		if err != nil {
			t.Fatalf("%s: %d, %v", lang, resp.StatusCode, err)
		}
		if sub.Consent == nil || sub.Consent.Version != current.Version || !sub.Consent.At.Equal(today) {
			t.Errorf("%s: consent %+v, want %s at %v", lang, sub.Consent, current.Version, today)
		}
	}
}
