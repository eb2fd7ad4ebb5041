package jwtauth_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/jwtauth"
)

const (
	issuer   = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool"
	audience = "console-client"
	kid      = "key-1"
)

// issue signs claims with key under kid, as the issuer (or a forger) does.
func issue(t *testing.T, key *rsa.PrivateKey, claims map[string]any) string {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: kid}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	jws, err := s.Sign(b)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jws.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// keysServer serves key's public half as a JWKS.
func keysServer(t *testing.T, key *rsa.PrivateKey) string {
	t.Helper()
	set := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: kid, Algorithm: "RS256", Use: "sig"}}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(set)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestVerify(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1_800_000_000, 0)
	claims := func(change map[string]any) map[string]any {
		c := map[string]any{"iss": issuer, "aud": audience, "sub": "11111111-ps", "exp": now.Add(time.Hour).Unix(),
			"iat": now.Unix(), "token_use": "id", "custom:agency": "public-security", "cognito:groups": []string{"staff", "supervisor"}}
		for k, v := range change {
			if v == nil {
				delete(c, k)
			} else {
				c[k] = v
			}
		}
		return c
	}
	tests := []struct {
		name    string
		give    string
		want    string // error_description of a refusal; "" for a good token
		wantAud string
	}{
		{name: "good", give: issue(t, key, claims(nil)), wantAud: audience},
		{name: "access token by client_id", give: issue(t, key, claims(map[string]any{"aud": nil, "client_id": audience, "token_use": "access"}))},
		{name: "expired", give: issue(t, key, claims(map[string]any{"exp": now.Add(-time.Minute).Unix()})), want: "expired"},
		{name: "not yet valid", give: issue(t, key, claims(map[string]any{"nbf": now.Add(time.Hour).Unix()})), want: "not valid yet"},
		{name: "another issuer", give: issue(t, key, claims(map[string]any{"iss": "https://idp.example.com"})), want: "issuer"},
		{name: "another audience", give: issue(t, key, claims(map[string]any{"aud": "another-client"})), want: "audience"},
		{name: "no audience", give: issue(t, key, claims(map[string]any{"aud": nil})), want: "audience"},
		{name: "another key", give: issue(t, other, claims(nil)), want: "signature"},
		{name: "alg none", give: `eyJhbGciOiJub25lIiwia2lkIjoia2V5LTEifQ.` + strings.Split(issue(t, key, claims(nil)), ".")[1] + ".", want: "signature"},
		{name: "not a JWT", give: "abc.def", want: "signature"},
	}
	v, err := jwtauth.New(jwtauth.Config{Issuer: issuer, Audience: []string{audience}, KeysURL: keysServer(t, key) + "/jwks.json",
		Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := v.Verify(context.Background(), tt.give)
			if tt.want != "" {
				var refused *jwtauth.RefusedError
				if !errors.As(err, &refused) || !strings.Contains(refused.Description, tt.want) {
					t.Fatalf("err %v, want a refusal naming %q", err, tt.want)
				}
				if !errors.Is(err, apperr.ErrUnauthorized) {
					t.Errorf("err %v is not ErrUnauthorized", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			// As API Gateway hands them over: strings, lists as "[a b]", numbers as written.
			want := map[string]string{"sub": "11111111-ps", "custom:agency": "public-security",
				"cognito:groups": "[staff supervisor]", "exp": "1800003600"}
			for k, w := range want {
				if got := tok.Claims[k]; got != w {
					t.Errorf("claim %s = %q, want %q", k, got, w)
				}
			}
			if tok.Claims["aud"] != tt.wantAud {
				t.Errorf("aud %q, want %q", tok.Claims["aud"], tt.wantAud)
			}
		})
	}
}

func TestUnreachableKeysAreUnavailable(t *testing.T) {
	v, err := jwtauth.New(jwtauth.Config{Issuer: "http://127.0.0.1:1/pool", Audience: []string{audience}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(context.Background(), "a.b.c"); !errors.Is(err, apperr.ErrUnavailable) {
		t.Errorf("err %v, want ErrUnavailable", err)
	}
}

func TestNewNeedsIssuerAndAudience(t *testing.T) {
	for _, give := range []jwtauth.Config{{Audience: []string{audience}}, {Issuer: issuer}} {
		if _, err := jwtauth.New(give); err == nil {
			t.Errorf("New(%+v): want an error", give)
		}
	}
}

func TestCognitoKeysURL(t *testing.T) {
	tests := []struct {
		issuer, endpoint, want string
	}{
		{issuer, "", issuer + "/.well-known/jwks.json"},
		{issuer, "http://127.0.0.1:5000", "http://127.0.0.1:5000/us-east-1_pool/.well-known/jwks.json"},
		{issuer, "http://127.0.0.1:5000/", "http://127.0.0.1:5000/us-east-1_pool/.well-known/jwks.json"},
		{"https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_x", "", "https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_x/.well-known/jwks.json"},
	}
	for _, tt := range tests {
		if got := jwtauth.CognitoKeysURL(tt.issuer, tt.endpoint); got != tt.want {
			t.Errorf("CognitoKeysURL(%q, %q) = %q, want %q", tt.issuer, tt.endpoint, got, tt.want)
		}
	}
}
