package console_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/putuo-compliance/intake/infra/local/devapi"
	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/infra/local/oidcprovider"
	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/console"
	"github.com/putuo-compliance/intake/shared/console/consoletest"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/intaketest"
	"github.com/putuo-compliance/intake/shared/intake/storetest"
	"github.com/putuo-compliance/intake/shared/jwtauth"
	"github.com/putuo-compliance/intake/shared/keyring"
	"github.com/putuo-compliance/intake/shared/logging"
	"github.com/putuo-compliance/intake/shared/secrets"
)

// The provider's users: their agency and groups under an agency IdP's own
// claim names ("agency", "groups"), which the console is configured to read.
var (
	ssoOfficer    = oidcprovider.User{Name: "officer-ps", Password: "provider-pass-1", Subject: "idp-1111", Claims: map[string]any{"agency": "public-security", "groups": []string{"staff"}}}
	ssoSupervisor = oidcprovider.User{Name: "chief-cy", Password: "provider-pass-2", Subject: "idp-2222", Claims: map[string]any{"agency": "cyberspace", "groups": []string{"staff", "supervisor"}}}
	ssoNoAgency   = oidcprovider.User{Name: "contractor", Password: "provider-pass-3", Subject: "idp-3333", Claims: map[string]any{"groups": []string{"staff"}}}
	ssoTaxBureau  = oidcprovider.User{Name: "tax-clerk", Password: "provider-pass-4", Subject: "idp-4444", Claims: map[string]any{"agency": "tax-bureau"}}
	// The pool's claim name, which this deployment does not read.
	ssoPoolNamed = oidcprovider.User{Name: "pool-named", Password: "provider-pass-5", Subject: "idp-5555", Claims: map[string]any{"custom:agency": "public-security"}}
)

const ssoTokenLifetime = 15 * time.Minute

// ssoWorld is the console behind the local API (devapi, as make run serves
// it), signing staff in through a real OIDC provider on this machine, on a
// clock the test moves.
type ssoWorld struct {
	t        *testing.T
	mu       sync.Mutex
	now      time.Time
	console  *httptest.Server
	provider *oidcprovider.Provider
	store    *consoletest.Store
	subs     *intaketest.Store
	secret   *secretStore // the console's client secret
}

// secretStore is Secrets Manager holding the console's client secret.
type secretStore struct {
	mu    sync.Mutex
	value string
}

func (s *secretStore) set(v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.value = v
}

func (s *secretStore) GetSecretValue(context.Context, *secretsmanager.GetSecretValueInput, ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return &secretsmanager.GetSecretValueOutput{SecretString: aws.String(s.value)}, nil
}

func newSSOWorld(t *testing.T) *ssoWorld {
	t.Helper()
	w := &ssoWorld{t: t, now: time.Now(), subs: intaketest.NewStore()}
	api := devapi.New(devapi.Config{})
	w.console = httptest.NewServer(api)
	t.Cleanup(w.console.Close)
	w.provider = oidcprovider.Start(t, oidcprovider.Config{ClientID: "intake-console", ClientSecret: "console-client-secret",
		RedirectURI: w.console.URL + "/staff/oidc/callback", PostLogoutRedirectURI: w.console.URL + "/staff/login?out=1",
		TokenLifetime: ssoTokenLifetime, Users: []oidcprovider.User{ssoOfficer, ssoSupervisor, ssoNoAgency, ssoTaxBureau, ssoPoolNamed}})

	verifier, err := jwtauth.New(jwtauth.Config{Issuer: w.provider.Issuer, Audience: []string{"intake-console"}, Now: w.clock})
	if err != nil {
		t.Fatal(err)
	}
	w.store = consoletest.NewStore(w.clock)
	desk := &intake.Desk{Store: w.subs, Queue: intaketest.NewQueue(), Now: w.clock, Notifier: &intaketest.Notifier{}}
	w.secret = &secretStore{value: "console-client-secret"}
	secret := secrets.KeyValue(w.secret.GetSecretValue, "console-client-secret", "password")
	h := console.New(console.Config{Desk: desk, Store: w.store, Verifier: verifier, Counter: w.subs,
		SSO:    &console.SSO{Issuer: w.provider.Issuer, ClientID: "intake-console", Secret: secret},
		Claims: httpedge.StaffClaims{Agency: "agency", Groups: "groups"},
		Keys:   keyring.Static("console-test-secret-0123456789abcdefghij"), Now: w.clock}, logging.New(&localtest.SyncBuffer{}, "info"))
	var routes []devapi.Route
	for _, key := range []string{"GET /staff", "GET /staff/login", "POST /staff/login", "POST /staff/logout",
		"GET /staff/oidc/login", "GET /staff/oidc/callback", "GET /staff/items/{reference}"} {
		method, path, _ := strings.Cut(key, " ")
		routes = append(routes, devapi.Route{Method: method, Path: path, Function: "ConsoleFunction", Handler: devapi.Handler(h)})
	}
	if err := api.Serve(routes); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *ssoWorld) clock() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.now
}

func (w *ssoWorld) advance(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.now = w.now.Add(d)
}

// waiting stores a submission waiting on public security's worklist.
func (w *ssoWorld) waiting() *intake.Submission {
	w.t.Helper()
	s := storetest.NewSubmission(storetest.NewRef(), w.clock().Add(-time.Hour))
	s.Agency, s.Status, s.Queued, s.Listed, s.Version = agency.PublicSecurity, intake.StatusQueued, true, true, 3
	if err := w.subs.Create(context.Background(), s, nil); err != nil {
		w.t.Fatal(err)
	}
	return s
}

// ssoBrowser is a browser: an HTTP client with a cookie jar that follows
// redirects, between the console and the provider.
type ssoBrowser struct {
	w    *ssoWorld
	c    *http.Client
	last string // the last page's body
}

func (w *ssoWorld) browser() *ssoBrowser {
	jar, _ := cookiejar.New(nil)
	return &ssoBrowser{w: w, c: &http.Client{Jar: jar}}
}

func (b *ssoBrowser) do(req *http.Request) *http.Response {
	b.w.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.w.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	b.last = string(body)
	return resp
}

func (b *ssoBrowser) get(target string) *http.Response {
	b.w.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, target, nil)
	return b.do(req)
}

func (b *ssoBrowser) post(target string, form url.Values) *http.Response {
	b.w.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	u, _ := url.Parse(target)
	req.Header.Set("Origin", u.Scheme+"://"+u.Host) // as a browser's form post says
	return b.do(req)
}

var (
	ssoLink      = regexp.MustCompile(`<a class="button" id="sso" href="([^"]+)"`)
	authRequest  = regexp.MustCompile(`name="id" value="([^"]+)"`)
	consoleToken = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
)

// signIn follows the sign-in page's link to the provider, signs in there as
// u, and returns the response it ends on, back at the console.
func (b *ssoBrowser) signIn(u oidcprovider.User) *http.Response {
	b.w.t.Helper()
	b.get(b.w.console.URL + "/staff/login?lang=en")
	link := ssoLink.FindStringSubmatch(b.last)
	if link == nil {
		b.w.t.Fatalf("the sign-in page offers no single sign-on:\n%s", b.last)
	}
	resp := b.get(b.w.console.URL + strings.ReplaceAll(link[1], "&amp;", "&"))
	if !strings.HasPrefix(resp.Request.URL.String(), b.w.provider.Issuer+"/login/") {
		b.w.t.Fatalf("the link led to %s, not the provider's sign-in", resp.Request.URL)
	}
	id := authRequest.FindStringSubmatch(b.last)
	if id == nil {
		b.w.t.Fatalf("the provider's sign-in page has no request id:\n%s", b.last)
	}
	return b.post(b.w.provider.Issuer+"/login/username", url.Values{"id": {id[1]}, "username": {u.Name}, "password": {u.Password}})
}

func TestSSOSignIn(t *testing.T) {
	w := newSSOWorld(t)
	sub := w.waiting()
	tests := []struct {
		name       string
		user       oidcprovider.User
		seesSub    bool
		supervisor bool
	}{
		{"staff of public security see their worklist", ssoOfficer, true, false},
		{"a cyberspace supervisor sees another agency's worklist", ssoSupervisor, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := w.browser()
			resp := b.signIn(tt.user)
			if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/staff" {
				t.Fatalf("ended at %s (%d), want the worklist\n%s", resp.Request.URL, resp.StatusCode, b.last)
			}
			if got := strings.Contains(b.last, sub.Reference); got != tt.seesSub {
				t.Errorf("worklist shows public security's %s: %v, want %v", sub.Reference, got, tt.seesSub)
			}
			if got := strings.Contains(b.last, tt.user.Name); !got {
				t.Errorf("the page does not name the signed-in user %s", tt.user.Name)
			}
			if got := strings.Contains(b.last, "supervisor") || strings.Contains(b.last, "主管"); got != tt.supervisor {
				t.Errorf("shown as supervisor: %v, want %v", got, tt.supervisor)
			}
			// The flow cookie went with the way back; only the session stays.
			for _, c := range b.c.Jar.Cookies(mustURL(t, w.console.URL)) {
				if c.Name == "intake_staff_oidc" {
					t.Errorf("the flow cookie outlived the sign-in")
				}
			}
		})
	}
}

func TestSSORefusesAccountsWithoutAgency(t *testing.T) {
	w := newSSOWorld(t)
	tests := []struct {
		name string
		user oidcprovider.User
	}{
		{"no agency claim", ssoNoAgency},
		{"an agency we do not know", ssoTaxBureau},
		{"the agency under a claim this deployment does not read", ssoPoolNamed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := w.browser()
			before := w.store.Sessions()
			resp := b.signIn(tt.user)
			if resp.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d at %s, want 403\n%s", resp.StatusCode, resp.Request.URL, b.last)
			}
			if !strings.Contains(b.last, "has no agency") {
				t.Errorf("the page does not say the account has no agency:\n%s", b.last)
			}
			if got := w.store.Sessions(); got != before {
				t.Errorf("sessions %d, want %d: a refused account got one", got, before)
			}
			if resp := b.get(w.console.URL + "/staff"); resp.Request.URL.Path != "/staff/login" {
				t.Errorf("the worklist answered at %s, want the sign-in page", resp.Request.URL)
			}
		})
	}
}

func TestSSOSessionEndsWithToken(t *testing.T) {
	w := newSSOWorld(t)
	b := w.browser()
	if resp := b.signIn(ssoOfficer); resp.Request.URL.Path != "/staff" {
		t.Fatalf("sign-in ended at %s", resp.Request.URL)
	}
	w.advance(ssoTokenLifetime - time.Minute)
	if resp := b.get(w.console.URL + "/staff"); resp.Request.URL.Path != "/staff" {
		t.Fatalf("before the token expires: at %s", resp.Request.URL)
	}
	w.advance(2 * time.Minute)
	resp := b.get(w.console.URL + "/staff")
	if resp.Request.URL.Path != "/staff/login" || resp.Request.URL.Query().Get("ended") != "1" {
		t.Fatalf("after the token expired: at %s, want the sign-in page saying the session ended", resp.Request.URL)
	}
	for _, c := range b.c.Jar.Cookies(mustURL(t, w.console.URL)) {
		if c.Name == "intake_staff" {
			t.Errorf("the session cookie outlived the token")
		}
	}
}

func TestSSOSignOut(t *testing.T) {
	w := newSSOWorld(t)
	b := w.browser()
	if resp := b.signIn(ssoOfficer); resp.Request.URL.Path != "/staff" {
		t.Fatalf("sign-in ended at %s", resp.Request.URL)
	}
	token := consoleToken.FindStringSubmatch(b.last)
	if token == nil {
		t.Fatal("the worklist has no sign-out form")
	}
	resp := b.post(w.console.URL+"/staff/logout", url.Values{"csrf": {token[1]}})
	if resp.Request.URL.Path != "/staff/login" || resp.Request.URL.Query().Get("out") != "1" {
		t.Fatalf("sign-out ended at %s, want the sign-in page saying so", resp.Request.URL)
	}
	if n := w.store.Sessions(); n != 0 {
		t.Errorf("%d sessions left after sign-out", n)
	}
	if !slices.Contains(w.provider.Ended(), ssoOfficer.Subject) {
		t.Errorf("the provider's session did not end (end_session): %v", w.provider.Ended())
	}
	if resp := b.get(w.console.URL + "/staff"); resp.Request.URL.Path != "/staff/login" {
		t.Errorf("after sign-out the worklist answered at %s", resp.Request.URL)
	}
}

// A way back that is not this browser's sign-in: no flow cookie, or
// another's state. Nothing is exchanged, nobody signed in.
func TestSSOCallbackNeedsItsFlow(t *testing.T) {
	w := newSSOWorld(t)
	tests := []struct {
		name  string
		start bool // the browser started a sign-in (it has a flow cookie)
	}{
		{"no sign-in under way", false},
		{"another state", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := w.browser()
			if tt.start {
				noRedirect := *b.c
				noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
				resp, err := noRedirect.Get(w.console.URL + "/staff/oidc/login")
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
			}
			resp := b.get(w.console.URL + "/staff/oidc/callback?code=forged&state=forged")
			if resp.Request.URL.Path != "/staff/login" {
				t.Errorf("ended at %s, want the sign-in page", resp.Request.URL)
			}
			if n := w.store.Sessions(); n != 0 {
				t.Errorf("%d sessions", n)
			}
		})
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// A client secret the provider refuses is read again for the next sign-in:
// the operator rotated it, and the console need not wait for a new container.
func TestSSOClientSecretRotated(t *testing.T) {
	w := newSSOWorld(t)
	w.secret.set("the-old-client-secret")
	b := w.browser()
	if resp := b.signIn(ssoOfficer); resp.Request.URL.Path == "/staff" && resp.StatusCode == http.StatusOK {
		t.Fatalf("signed in with a client secret the provider refuses")
	}
	w.secret.set("console-client-secret") // the operator puts the new one in
	b = w.browser()
	if resp := b.signIn(ssoOfficer); resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/staff" {
		t.Fatalf("ended at %s (%d) after the rotation, want the worklist\n%s", resp.Request.URL, resp.StatusCode, b.last)
	}
}
