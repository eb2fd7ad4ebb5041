// Package oidcprovider runs a real OpenID Connect provider on this machine
// for the tests of the console's single sign-on: zitadel/oidc's OP (package
// op, which implements discovery, the authorization-code flow with PKCE,
// signed ID tokens, the keys and end_session) on the in-memory storage of its
// example server, with test users whose ID tokens carry the claims a test
// gives them (an agency, groups). Only tests import it: the functions link
// none of it (functions/links_test.go).
package oidcprovider

import (
	"context"
	"crypto/sha256"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// User is an account at the provider.
type User struct {
	Name     string // what the login form takes
	Password string
	Subject  string         // the ID token's sub
	Claims   map[string]any // added to its ID tokens, e.g. {"agency": "cyberspace", "groups": []string{"supervisor"}}
}

// Config is the provider's one client, the console, and its users.
type Config struct {
	ClientID, ClientSecret string
	RedirectURI            string // the console's callback
	PostLogoutRedirectURI  string // where end_session may send the browser back to
	TokenLifetime          time.Duration
	Users                  []User
}

// Provider is a running provider.
type Provider struct {
	Issuer string // its URL, http://127.0.0.1:<port>

	mu     sync.Mutex
	ended  []string // subjects whose session ended at end_session
	server *httptest.Server
}

// Start runs a provider for cfg until the test ends.
func Start(t testing.TB, cfg Config) *Provider {
	t.Helper()
	p := &Provider{}
	mux := http.NewServeMux()
	p.server = httptest.NewServer(mux)
	t.Cleanup(p.server.Close)
	p.Issuer = p.server.URL

	users := users{}
	for _, u := range cfg.Users {
		users[u.Subject] = u
	}
	client := storage.WebClient(cfg.ClientID, cfg.ClientSecret, cfg.RedirectURI)
	st := &store{Storage: storage.NewStorageWithClients(users, map[string]*storage.Client{cfg.ClientID: client}),
		users: users, cfg: cfg, provider: p}
	key := sha256.Sum256([]byte("oidcprovider test key"))
	provider, err := op.NewProvider(&op.Config{CryptoKey: key, CodeMethodS256: true, AuthMethodPost: true,
		DefaultLogoutRedirectURI: "/logged-out"}, st, op.StaticIssuer(p.Issuer), op.WithAllowInsecure())
	if err != nil {
		t.Fatal(err)
	}
	login := &login{store: st, callback: op.AuthCallbackURL(provider)}
	interceptor := op.NewIssuerInterceptor(provider.IssuerFromRequest)
	mux.HandleFunc("GET /login/username", login.form)
	mux.HandleFunc("POST /login/username", interceptor.HandlerFunc(login.check))
	mux.HandleFunc("GET /logged-out", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "signed out") })
	mux.Handle("/", provider)
	return p
}

// Ended lists the subjects who signed out at end_session.
func (p *Provider) Ended() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.ended...)
}

// users is the example storage's user store over the test's users.
type users map[string]User

func (u users) GetUserByID(id string) *storage.User {
	if x, ok := u[id]; ok {
		return &storage.User{ID: x.Subject, Username: x.Name, Password: x.Password}
	}
	return nil
}

func (u users) GetUserByUsername(name string) *storage.User {
	for _, x := range u {
		if x.Name == name {
			return u.GetUserByID(x.Subject)
		}
	}
	return nil
}

func (u users) ExampleClientID() string { return storage.ServiceUserID }

// store is the example's storage, with the test's token lifetime, sign-out
// address and claims.
type store struct {
	*storage.Storage
	users    users
	cfg      Config
	provider *Provider
}

func (s *store) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, id)
	if err != nil {
		return nil, err
	}
	return testClient{Client: c, cfg: s.cfg}, nil
}

// SetUserinfoFromRequest adds the user's claims to their ID token.
func (s *store) SetUserinfoFromRequest(ctx context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	if err := s.Storage.SetUserinfoFromRequest(ctx, info, req, scopes); err != nil {
		return err
	}
	info.PreferredUsername = s.users[req.GetSubject()].Name
	for k, v := range s.users[req.GetSubject()].Claims {
		info.AppendClaims(k, v)
	}
	return nil
}

func (s *store) TerminateSession(ctx context.Context, userID, clientID string) error {
	s.provider.mu.Lock()
	s.provider.ended = append(s.provider.ended, userID)
	s.provider.mu.Unlock()
	return s.Storage.TerminateSession(ctx, userID, clientID)
}

type testClient struct {
	op.Client
	cfg Config
}

func (c testClient) IDTokenLifetime() time.Duration {
	if c.cfg.TokenLifetime > 0 {
		return c.cfg.TokenLifetime
	}
	return c.Client.IDTokenLifetime()
}

func (c testClient) PostLogoutRedirectURIs() []string { return []string{c.cfg.PostLogoutRedirectURI} }

// login is the provider's sign-in page: a user name and password for an
// authorization request (the OP leaves the login UI to its host).
type login struct {
	store    *store
	callback func(context.Context, string) string
}

var loginPage = template.Must(template.New("login").Parse(`<!doctype html><title>Provider sign-in</title>
<form method="post" action="/login/username"><input type="hidden" name="id" value="{{.ID}}">
<input name="username"><input name="password" type="password"><button>Sign in</button></form><p>{{.Error}}</p>`))

func (l *login) form(w http.ResponseWriter, r *http.Request) {
	loginPage.Execute(w, map[string]string{"ID": r.URL.Query().Get("authRequestID")})
}

func (l *login) check(w http.ResponseWriter, r *http.Request) {
	id := r.FormValue("id")
	if err := l.store.CheckUsernamePassword(r.FormValue("username"), r.FormValue("password"), id); err != nil {
		w.WriteHeader(http.StatusUnauthorized)
		loginPage.Execute(w, map[string]string{"ID": id, "Error": err.Error()})
		return
	}
	http.Redirect(w, r, l.callback(r.Context(), id), http.StatusFound)
}
