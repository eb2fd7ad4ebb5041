// Package consoletest provides in-memory fakes of the staff console's user
// pool and session store for its tests: a pool that signs genuine RS256 ID
// tokens and serves their keys, so that the console verifies them with the
// real jwtauth.Verifier, and a store that keeps sessions as dynamostore does. The real adapters are tested against moto in their own
// packages (cognito, dynamostore).
package consoletest

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/cognito"
	"github.com/putuo-compliance/intake/shared/jwtauth"
)

// User is an account of the Pool.
type User struct {
	Name      string // the user name staff type
	Password  string
	Sub       string // the token's subject: who the history and audit name
	Agency    agency.Code
	Groups    []string
	Temporary bool // must set a new password at the first sign-in
}

// Pool is a user pool: it checks passwords, answers the new-password
// challenge and issues ID tokens valid for TTL by its clock, signed with a key
// whose public half it serves as a JWKS.
type Pool struct {
	Issuer   string
	ClientID string
	TTL      time.Duration
	Now      func() time.Time

	mu         sync.Mutex
	key        *rsa.PrivateKey
	keys       string // the JWKS URL
	users      map[string]*User
	challenges map[string]string // challenge session -> user name
	signedOut  []string          // access tokens
}

// NewPool returns a pool with users, whose keys are served until the test
// ends.
func NewPool(t testing.TB, now func() time.Time, users ...User) *Pool {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &Pool{Issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_test", ClientID: "console-client",
		TTL: time.Hour, Now: now, key: key, users: map[string]*User{}, challenges: map[string]string{}}
	for _, u := range users {
		p.users[strings.ToLower(u.Name)] = &u
	}
	set := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "test-key", Algorithm: "RS256", Use: "sig"}}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { json.NewEncoder(w).Encode(set) }))
	t.Cleanup(srv.Close)
	p.keys = srv.URL + "/.well-known/jwks.json"
	return p
}

// Verifier verifies the pool's tokens as the console does, by its clock.
func (p *Pool) Verifier(t testing.TB) *jwtauth.Verifier {
	t.Helper()
	v, err := jwtauth.New(jwtauth.Config{Issuer: p.Issuer, Audience: []string{p.ClientID}, KeysURL: p.keys, Now: p.Now})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// SignIn checks a password as Cognito does.
func (p *Pool) SignIn(_ context.Context, username, password string) (cognito.Result, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	u, ok := p.users[strings.ToLower(username)]
	if !ok || u.Password != password {
		return cognito.Result{}, cognito.ErrBadCredentials
	}
	if u.Temporary {
		session := fmt.Sprintf("challenge-%d-%s", len(p.challenges), u.Name)
		p.challenges[session] = strings.ToLower(username)
		return cognito.Result{NewPasswordSession: session}, nil
	}
	return cognito.Result{Tokens: p.tokens(u)}, nil
}

// SetNewPassword answers the challenge; a password under 12 characters is
// refused as the template's policy refuses it.
func (p *Pool) SetNewPassword(_ context.Context, username, password, session string) (cognito.Result, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	name, ok := p.challenges[session]
	if !ok || name != strings.ToLower(username) {
		return cognito.Result{}, cognito.ErrChallengeExpired
	}
	if len(password) < 12 {
		return cognito.Result{}, cognito.ErrPasswordPolicy
	}
	delete(p.challenges, session)
	u := p.users[name]
	u.Password, u.Temporary = password, false
	return cognito.Result{Tokens: p.tokens(u)}, nil
}

// SignOut records the access token.
func (p *Pool) SignOut(_ context.Context, accessToken string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.signedOut = append(p.signedOut, accessToken)
	return nil
}

// SignedOut lists the access tokens signed out, in order.
func (p *Pool) SignedOut() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.signedOut...)
}

// Password returns a user's current password.
func (p *Pool) Password(name string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.users[strings.ToLower(name)].Password
}

func (p *Pool) tokens(u *User) *cognito.Tokens {
	now := p.Now()
	groups := u.Groups
	if groups == nil {
		groups = []string{"staff"}
	}
	id := p.sign(map[string]any{"iss": p.Issuer, "aud": p.ClientID, "sub": u.Sub, "token_use": "id",
		"cognito:username": u.Name, "custom:agency": string(u.Agency), "cognito:groups": groups,
		"iat": now.Unix(), "exp": now.Add(p.TTL).Unix()})
	return &cognito.Tokens{ID: id, Access: "access-" + u.Sub + "-" + fmt.Sprint(now.UnixNano())}
}

func (p *Pool) sign(claims map[string]any) string {
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: p.key, KeyID: "test-key"}}, nil)
	if err != nil {
		panic(err)
	}
	b, _ := json.Marshal(claims)
	jws, err := s.Sign(b)
	if err != nil {
		panic(err)
	}
	out, _ := jws.CompactSerialize()
	return out
}

// Store keeps sessions in memory, expiring them by its clock as dynamostore
// does by TTL and expiresAt.
type Store struct {
	Now func() time.Time

	mu       sync.Mutex
	sessions map[string]session
}

type session struct {
	sealed  []byte
	expires time.Time
}

// NewStore returns an empty store on the clock now.
func NewStore(now func() time.Time) *Store {
	return &Store{Now: now, sessions: map[string]session{}}
}

func (s *Store) PutSession(_ context.Context, key string, sealed []byte, expires time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions[key] = session{sealed: append([]byte(nil), sealed...), expires: expires}
	return nil
}

func (s *Store) Session(_ context.Context, key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	got, ok := s.sessions[key]
	if !ok || !s.Now().Before(got.expires) {
		return nil, apperr.ErrNotFound
	}
	return got.sealed, nil
}

func (s *Store) DeleteSession(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, key)
	return nil
}

// Sessions counts the sessions stored, expired ones included.
func (s *Store) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}
