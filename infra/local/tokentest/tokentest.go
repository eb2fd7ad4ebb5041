// Package tokentest makes, from a genuine JWT, the forgeries a JWT authorizer
// must refuse: tests of the local API's authorizer (devapi) and of the whole
// local stack (devstack) send them and expect 401.
package tokentest

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
)

// Forgeries returns, by name, tokens made from genuine without the issuer's
// key: with alg none, signed with another RSA key or with a guessable HMAC
// secret under the issuer's kid, and with claims changed (a custom:agency
// claim set to changedAgency) under the genuine signature.
func Forgeries(t testing.TB, genuine, changedAgency string) map[string]string {
	t.Helper()
	header, claims, sig := Split(t, genuine)
	var kid struct {
		Kid string `json:"kid"`
	}
	if err := json.Unmarshal(Decode(t, header), &kid); err != nil {
		t.Fatal(err)
	}
	var payload map[string]any
	if err := json.Unmarshal(Decode(t, claims), &payload); err != nil {
		t.Fatal(err)
	}
	payload["custom:agency"] = changedAgency
	changed, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"alg none":                     Encode(`{"alg":"none","kid":"`+kid.Kid+`"}`) + "." + claims + ".",
		"forged":                       Sign(t, jose.RS256, key, kid.Kid, Decode(t, claims)),
		"HMAC with a guessable secret": Sign(t, jose.HS256, []byte("moto-is-not-a-secret-at-all-0123"), kid.Kid, Decode(t, claims)),
		"re-signed":                    header + "." + Encode(string(changed)) + "." + sig,
	}
}

// Split returns a compact JWT's three parts.
func Split(t testing.TB, token string) (header, claims, sig string) {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", token)
	}
	return parts[0], parts[1], parts[2]
}

// Decode decodes one part of a JWT.
func Decode(t testing.TB, part string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(part)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Encode encodes one part of a JWT.
func Encode(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// Sign signs payload with key under kid, as an attacker who knows the kid (it
// is public) but not the issuer's key would.
func Sign(t testing.TB, alg jose.SignatureAlgorithm, key any, kid string, payload []byte) string {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: jose.JSONWebKey{Key: key, KeyID: kid}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := s.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	out, err := obj.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return out
}
