package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/console"
	"github.com/putuo-compliance/intake/shared/console/consoletest"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/intaketest"
	"github.com/putuo-compliance/intake/shared/intake/storetest"
	"github.com/putuo-compliance/intake/shared/keyring"
	"github.com/putuo-compliance/intake/shared/logging"
)

// start is the tests' clock at the beginning: 10:00 in Shanghai.
var start = time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)

var (
	psStaff  = consoletest.User{Name: "staff-ps", Password: "Right-Password-1!", Sub: "1111aaaa-ps", Agency: agency.PublicSecurity}
	psOther  = consoletest.User{Name: "staff-ps-2", Password: "Right-Password-2!", Sub: "2222bbbb-ps", Agency: agency.PublicSecurity}
	psSuper  = consoletest.User{Name: "super-ps", Password: "Right-Password-3!", Sub: "3333cccc-ps", Agency: agency.PublicSecurity, Groups: []string{"staff", "supervisor"}}
	cyStaff  = consoletest.User{Name: "staff-cy", Password: "Right-Password-4!", Sub: "4444dddd-cy", Agency: agency.Cyberspace}
	cySuper  = consoletest.User{Name: "super-cy", Password: "Right-Password-5!", Sub: "5555eeee-cy", Agency: agency.Cyberspace, Groups: []string{"staff", "supervisor"}}
	newcomer = consoletest.User{Name: "newcomer", Password: "Temporary-Pass-1!", Sub: "6666ffff-cy", Agency: agency.Cyberspace, Temporary: true}
)

// world is a console on the real desk, over in-memory fakes, on a clock the
// test moves.
type world struct {
	t        *testing.T
	mu       sync.Mutex
	now      time.Time
	subs     *intaketest.Store
	pool     *consoletest.Pool
	store    *consoletest.Store
	logs     *localtest.SyncBuffer
	handler  httpedge.Handler
	notifier *intaketest.Notifier
}

func newWorld(t *testing.T) *world {
	t.Helper()
	return newWorldCounting(t, nil)
}

// newThrottledWorld is a world whose sign-ins are counted in the table's
// budgets on DynamoDB (moto), as the deployed console counts them.
func newThrottledWorld(t *testing.T) *world {
	t.Helper()
	return newWorldCounting(t, dynamoCounter(t))
}

// newWorldCounting is a world whose sign-ins are counted by counter; nil
// counts them in the fake store.
func newWorldCounting(t *testing.T, counter intake.Counter) *world {
	t.Helper()
	w := &world{t: t, now: start, subs: intaketest.NewStore(), logs: &localtest.SyncBuffer{}, notifier: &intaketest.Notifier{}}
	if counter == nil {
		counter = w.subs
	}
	w.pool = consoletest.NewPool(t, w.clock, psStaff, psOther, psSuper, cyStaff, cySuper, newcomer)
	w.store = consoletest.NewStore(w.clock)
	desk := &intake.Desk{Store: w.subs, Queue: intaketest.NewQueue(), Now: w.clock, Notifier: w.notifier}
	w.handler = console.New(console.Config{Desk: desk, Pool: w.pool, Store: w.store, Verifier: w.pool.Verifier(t),
		// The counters are named under the key of the test: one table serves all.
		Counter: counter, Keys: keyring.Static("console-test-secret-0123456789abcdefghij-" + t.Name()), Now: w.clock},
		logging.New(w.logs, "info"))
	return w
}

func (w *world) clock() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.now
}

func (w *world) advance(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.now = w.now.Add(d)
}

// waiting stores a consultation of public-security waiting on its worklist,
// submitted ago before now.
func (w *world) waiting(urgent bool, ago time.Duration) *intake.Submission {
	w.t.Helper()
	s := storetest.NewSubmission(storetest.NewRef(), w.clock().Add(-ago))
	s.Agency, s.Urgent = agency.PublicSecurity, urgent
	s.Status, s.Queued, s.Listed, s.Version = intake.StatusQueued, true, true, 3
	if err := w.subs.Create(context.Background(), s, nil); err != nil {
		w.t.Fatal(err)
	}
	return s
}

// held is a browser of u, who has claimed a waiting submission of
// public-security.
func (w *world) held(u consoletest.User, urgent bool) (*browser, *intake.Submission) {
	w.t.Helper()
	sub := w.waiting(urgent, time.Hour)
	b := w.signedIn(u)
	if resp := b.act(sub.Reference, url.Values{"action": {"claim"}}); resp.StatusCode != http.StatusSeeOther {
		w.t.Fatalf("claim: %d\n%s", resp.StatusCode, main(resp))
	}
	return b, w.get(sub.Reference)
}

func (w *world) get(ref string) *intake.Submission {
	w.t.Helper()
	s, err := w.subs.Get(context.Background(), ref)
	if err != nil {
		w.t.Fatal(err)
	}
	return s
}

// browser is one browser on the console: its cookies, its language, and the
// CSRF token of the last page it got.
type browser struct {
	w       *world
	lang    string
	https   bool
	source  string
	cookies map[string]string
	csrf    string
}

func (w *world) browser() *browser {
	return &browser{w: w, lang: "zh-CN", source: "203.0.113.7", cookies: map[string]string{}}
}

// signedIn is a browser whose user signed in.
func (w *world) signedIn(u consoletest.User) *browser {
	w.t.Helper()
	b := w.browser()
	b.signIn(u.Name, u.Password, http.StatusSeeOther)
	return b
}

func (b *browser) signIn(user, password string, want int) events.APIGatewayV2HTTPResponse {
	b.w.t.Helper()
	b.get("/staff/login")
	resp := b.post("/staff/login", url.Values{"username": {user}, "password": {password}})
	if resp.StatusCode != want {
		b.w.t.Fatalf("sign in as %s: %d, want %d\n%s", user, resp.StatusCode, want, main(resp))
	}
	return resp
}

var routes = []struct {
	prefix, key, param string
}{
	{"/staff/items/", "/staff/items/{reference}", "reference"},
	{"/staff/static/", "/staff/static/{file}", "file"},
}

// request makes the event API Gateway would pass for method and target.
func (b *browser) request(method, target string, body url.Values) events.APIGatewayV2HTTPRequest {
	u, err := url.Parse(target)
	if err != nil {
		b.w.t.Fatal(err)
	}
	q := u.Query()
	if q.Get("lang") == "" {
		q.Set("lang", b.lang)
	}
	ev := events.APIGatewayV2HTTPRequest{
		RouteKey: method + " " + u.Path, RawPath: u.Path, RawQueryString: q.Encode(),
		Headers:               map[string]string{"host": "console.test", "sec-fetch-site": "same-origin"},
		QueryStringParameters: map[string]string{},
	}
	for k := range q {
		ev.QueryStringParameters[k] = q.Get(k)
	}
	for _, r := range routes {
		if rest, ok := strings.CutPrefix(u.Path, r.prefix); ok {
			ev.RouteKey = method + " " + r.key
			ev.PathParameters = map[string]string{r.param: rest}
		}
	}
	if b.https {
		ev.Headers["x-forwarded-proto"] = "https"
	}
	for k, v := range b.cookies {
		ev.Cookies = append(ev.Cookies, k+"="+v)
	}
	ev.RequestContext.HTTP.Method = method
	ev.RequestContext.HTTP.SourceIP = b.source
	ev.RequestContext.RequestID = "req-test"
	if body != nil {
		ev.Headers["content-type"] = "application/x-www-form-urlencoded"
		ev.Body = body.Encode()
	}
	return ev
}

func (b *browser) do(ev events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPResponse {
	b.w.t.Helper()
	resp, err := b.w.handler(context.Background(), ev)
	if err != nil {
		b.w.t.Fatalf("%s: %v", ev.RouteKey, err)
	}
	for _, c := range resp.Cookies {
		ck, err := http.ParseSetCookie(c)
		if err != nil {
			b.w.t.Fatalf("Set-Cookie %q: %v", c, err)
		}
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(b.cookies, ck.Name)
		} else {
			b.cookies[ck.Name] = ck.Value
		}
	}
	if m := csrfPattern.FindStringSubmatch(resp.Body); m != nil {
		b.csrf = m[1]
	}
	return resp
}

var csrfPattern = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (b *browser) get(target string) events.APIGatewayV2HTTPResponse {
	b.w.t.Helper()
	return b.do(b.request(http.MethodGet, target, nil))
}

// post posts form with the browser's CSRF token, unless form has one.
func (b *browser) post(target string, form url.Values) events.APIGatewayV2HTTPResponse {
	b.w.t.Helper()
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", b.csrf)
	}
	return b.do(b.request(http.MethodPost, target, form))
}

// act posts a move from the item page, as its form would: the page is read
// first for its version.
func (b *browser) act(ref string, form url.Values) events.APIGatewayV2HTTPResponse {
	b.w.t.Helper()
	page := b.get("/staff/items/" + ref)
	if m := versionPattern.FindStringSubmatch(page.Body); m != nil && form.Get("version") == "" {
		form.Set("version", m[1])
	}
	return b.post("/staff/items/"+ref, form)
}

var versionPattern = regexp.MustCompile(`name="version" value="(\d+)"`)

// main is a page's main element, for failure messages and checks.
func main(resp events.APIGatewayV2HTTPResponse) string {
	body := resp.Body
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if i := strings.Index(body, "</main>"); i >= 0 {
		body = body[:i]
	}
	return body
}
