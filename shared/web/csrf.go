package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"

	"github.com/putuo-compliance/intake/shared/httpedge"
)

// CSRF protection is a double-submit cookie: each form carries the random token
// that is also in the browser's cookie, and a post counts only when both agree.
// Another site can make a browser post, but cannot read or set our cookie, so it
// cannot know the token. No server secret or session is needed, which suits a
// stateless function.
const (
	csrfCookie = "intake_csrf"
	csrfField  = "csrf"
	tokenLen   = 43 // base64url of 32 random bytes
)

func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// csrfToken returns the browser's token, or a new one and the cookie that sets it.
func csrfToken(r httpedge.Request) (token string, setCookie string) {
	if t := r.Cookie(csrfCookie); len(t) == tokenLen {
		return t, ""
	}
	t := randomToken(32)
	c := &http.Cookie{Name: csrfCookie, Value: t, Path: "/", HttpOnly: true, Secure: r.Secure(), SameSite: http.SameSiteLaxMode}
	return t, c.String()
}

// csrfValid reports whether a post's token matches the browser's cookie.
func csrfValid(r httpedge.Request, posted string) bool {
	c := r.Cookie(csrfCookie)
	return len(c) == tokenLen && subtle.ConstantTimeCompare([]byte(c), []byte(posted)) == 1
}
