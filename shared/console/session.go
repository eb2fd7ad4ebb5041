package console

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
)

// The console's cookies and the forms' CSRF field and key. Over HTTPS the
// cookies are __Host- prefixed (httpedge.Request.CookieName).
const (
	sessionCookie = "intake_staff"
	csrfCookie    = "intake_staff_csrf"
	csrfField     = "csrf"
	csrfPurpose   = "console-csrf" // its key among the server's (keyring)
)

// A session's stages: signed in, or between a first sign-in's temporary
// password and the new one.
const (
	stageSignedIn    = "signed-in"
	stageNewPassword = "new-password"
)

// challengeTTL is how long the console keeps a first sign-in's challenge;
// Cognito's own lasts three minutes.
const challengeTTL = 5 * time.Minute

// session is what the server keeps of a sign-in, sealed: the tokens, or the
// challenge of a first sign-in.
type session struct {
	Stage     string `json:"stage"`
	IDToken   string `json:"id,omitempty"`
	Access    string `json:"access,omitempty"`
	User      string `json:"user,omitempty"`      // the new-password stage's user name
	Challenge string `json:"challenge,omitempty"` // and Cognito's session of it
	SSO       bool   `json:"sso,omitempty"`       // signed in through another provider (oidc.go)
}

// errNoSession is a request without a current session.
var errNoSession = fmt.Errorf("%w: not signed in", apperr.ErrUnauthorized)

// staff is the signed-in staff member of a request, from their verified token.
type staff struct {
	intake.Actor
	Name   string // cognito:username: shown to them, recorded nowhere
	key    string // their session's table key
	access string // their access token, to sign out at the pool
	sso    string // their ID token, when they signed in through another provider: the hint to sign out there
}

func (s staff) view(lang forms.Lang) *staffView {
	return &staffView{Name: s.Name, Agency: agencyName(s.Agency, lang), Supervisor: s.Supervisor}
}

// startSession stores s under a new random id until expires, and returns the
// Set-Cookie value that gives the browser the id. A new sign-in always gets a
// new id, so an id planted before it is worth nothing after.
func (c *console) startSession(ctx context.Context, r httpedge.Request, s session, expires time.Time) (string, error) {
	id := randomID()
	sealed, err := seal(id, s)
	if err != nil {
		return "", err
	}
	if err := c.Store.PutSession(ctx, tableKey(id), sealed, expires); err != nil {
		return "", err
	}
	cookie := &http.Cookie{Name: r.CookieName(sessionCookie), Value: id, Path: "/", MaxAge: max(1, int(expires.Sub(c.Now()).Seconds())),
		HttpOnly: true, Secure: r.Secure(), SameSite: http.SameSiteStrictMode}
	return cookie.String(), nil
}

// clearSession is the Set-Cookie value that drops the browser's session id.
func (c *console) clearSession(r httpedge.Request) []string {
	if len(r.Cookies(r.CookieName(sessionCookie))) == 0 {
		return nil
	}
	cookie := &http.Cookie{Name: r.CookieName(sessionCookie), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: r.Secure(), SameSite: http.SameSiteStrictMode}
	return []string{cookie.String()}
}

// currentSession returns the session the request's cookie names, with its
// table key; errNoSession when there is none. A cookie whose session cannot be
// opened (tampered, or made under another id) names none.
func (c *console) currentSession(ctx context.Context, r httpedge.Request) (string, session, error) {
	for _, id := range r.Cookies(r.CookieName(sessionCookie)) {
		if !wellFormedID(id) {
			continue
		}
		sealed, err := c.Store.Session(ctx, tableKey(id))
		if errors.Is(err, apperr.ErrNotFound) {
			continue
		}
		if err != nil {
			return "", session{}, err
		}
		if s, err := open(id, sealed); err == nil {
			return tableKey(id), s, nil
		}
	}
	return "", session{}, errNoSession
}

// signedIn is the staff member of the request's session. Its ID token is
// verified every time, as the API's authorizer verifies a bearer token, and
// the staff member and agency come from its claims alone; a token that no
// longer passes (it expired) ends the session.
func (c *console) signedIn(ctx context.Context, r httpedge.Request) (staff, error) {
	key, s, err := c.currentSession(ctx, r)
	if err != nil {
		return staff{}, err
	}
	if s.Stage != stageSignedIn || c.Verifier == nil {
		return staff{}, errNoSession
	}
	tok, err := c.Verifier.Verify(ctx, s.IDToken)
	if errors.Is(err, apperr.ErrUnauthorized) {
		if derr := c.Store.DeleteSession(ctx, key); derr != nil {
			return staff{}, derr
		}
	}
	if err != nil {
		return staff{}, err
	}
	by, err := c.Claims.Actor(tok.Claims)
	if err != nil {
		return staff{}, err
	}
	st := staff{Actor: by, Name: displayName(tok.Claims), key: key, access: s.Access}
	if s.SSO {
		st.sso = s.IDToken
	}
	return st, nil
}

// displayName is the user name the header shows: Cognito's, or another
// provider's preferred_username, else its subject.
func displayName(claims map[string]string) string {
	for _, k := range []string{httpedge.ClaimUsername, "preferred_username", "sub"} {
		if claims[k] != "" {
			return claims[k]
		}
	}
	return ""
}

// expiry is when a verified token expires: its exp claim.
func expiry(claims map[string]string) (time.Time, error) {
	exp, err := strconv.ParseInt(claims["exp"], 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("token expiry %q: %w", claims["exp"], err)
	}
	return time.Unix(exp, 0), nil
}

// idLen is a session id's length: base64url of 32 random bytes.
const idLen = 43

func randomID() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

func wellFormedID(id string) bool {
	if len(id) != idLen {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(id)
	return err == nil
}

// derive is a key for one purpose from a secret: HMAC-SHA256(secret, purpose).
func derive(secret []byte, purpose string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

// tableKey names a session in the table by a digest of its id, so the table
// holds nothing a browser could present.
func tableKey(id string) string {
	return base64.RawURLEncoding.EncodeToString(derive([]byte(id), "intake.console.session-key.v1"))
}

// seal encrypts a session under a key derived from its id (AES-256-GCM), bound
// to its table key: a reader of the table, who lacks the id, cannot open it.
func seal(id string, s session) ([]byte, error) {
	plain, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	gcm, err := sessionCipher(id)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	rand.Read(nonce)
	return gcm.Seal(nonce, nonce, plain, []byte(tableKey(id))), nil
}

func open(id string, sealed []byte) (session, error) {
	gcm, err := sessionCipher(id)
	if err != nil {
		return session{}, err
	}
	if len(sealed) < gcm.NonceSize() {
		return session{}, errors.New("sealed session too short")
	}
	plain, err := gcm.Open(nil, sealed[:gcm.NonceSize()], sealed[gcm.NonceSize():], []byte(tableKey(id)))
	if err != nil {
		return session{}, err
	}
	var s session
	err = json.Unmarshal(plain, &s)
	return s, err
}

func sessionCipher(id string) (cipher.AEAD, error) {
	block, err := aes.NewCipher(derive([]byte(id), "intake.console.session-seal.v1"))
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
