package httpedge

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"

	"github.com/putuo-compliance/intake/shared/apperr"
)

// CSRF guards a site's form posts against cross-site request forgery, with
// three checks, each enough against a plain cross-site form:
//
//   - The post must come from our own origin: Sec-Fetch-Site same-origin (or
//     none, a person's own action), else, from a browser that does not send it,
//     an Origin equal to ours. same-site is refused: that is a sibling host.
//   - A cookie holds a random id per browser, and each form carries a token
//     that is the HMAC of that id under a server key. Another site can neither
//     read the cookie nor compute a token for an id it planted, since it lacks
//     the key.
//   - Over HTTPS the cookie is named with the __Host- prefix, which browsers
//     accept only from our own host, Secure, with Path=/ and no Domain: a
//     sibling host cannot plant or overwrite it. Over plain HTTP (the local
//     API), where __Host- would need Secure, it has its plain name.
//
// Several cookies of the name (possible only over plain HTTP) are all tried:
// the post is good if its token is that of one of them.
//
// No session or state is needed, which suits a stateless function. A staff
// console reuses it with a cookie name of its own.
type CSRF struct {
	name string
	key  []byte
}

// CSRFKeyBytes is the least length of a CSRF key.
const CSRFKeyBytes = 32

// idLen is the length of a cookie id: base64url of 32 random bytes, as a
// token's (the HMAC-SHA256) is.
const idLen = 43

// NewCSRF guards the posts of pages whose cookie is named name, with tokens
// made under key: CSRFKeyBytes or more random bytes, kept secret and the same
// in every instance of the function (derive it from the server secret,
// package keyring). A shorter key is a programming error, so it panics.
func NewCSRF(name string, key []byte) *CSRF {
	if len(key) < CSRFKeyBytes {
		panic(fmt.Sprintf("httpedge.NewCSRF: a key of %d bytes, want %d or more", len(key), CSRFKeyBytes))
	}
	return &CSRF{name: name, key: key}
}

// CookieName is the cookie's name for r: with the __Host- prefix over HTTPS.
func (c *CSRF) CookieName(r Request) string { return r.CookieName(c.name) }

// Token returns the token a page for r puts in its forms, and the Set-Cookie
// value that gives the browser its id when it has none ("" when it has).
func (c *CSRF) Token(r Request) (token, setCookie string) {
	for _, id := range r.Cookies(c.CookieName(r)) {
		if wellFormedID(id) {
			return c.token(id), ""
		}
	}
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	id := base64.RawURLEncoding.EncodeToString(b)
	cookie := &http.Cookie{Name: c.CookieName(r), Value: id, Path: "/", HttpOnly: true, Secure: r.Secure(), SameSite: http.SameSiteLaxMode}
	return c.token(id), cookie.String()
}

// Why a post is refused. They name no client text: they are logged.
var (
	ErrCrossSite = fmt.Errorf("%w: post not from our own origin", apperr.ErrForbidden)
	ErrCSRFToken = fmt.Errorf("%w: csrf token missing or wrong", apperr.ErrForbidden)
)

// Check refuses a post (apperr.ErrForbidden) that is not from our own origin,
// or whose posted token is not that of one of the browser's cookies.
func (c *CSRF) Check(r Request, posted string) error {
	if !r.sameOrigin() {
		return ErrCrossSite
	}
	for _, id := range r.Cookies(c.CookieName(r)) {
		if wellFormedID(id) && hmac.Equal([]byte(c.token(id)), []byte(posted)) {
			return nil
		}
	}
	return ErrCSRFToken
}

// token is the HMAC of a cookie id, under the key, for this cookie name.
func (c *CSRF) token(id string) string {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte("csrf.v1\x00" + c.name + "\x00" + id))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func wellFormedID(id string) bool {
	if len(id) != idLen {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(id)
	return err == nil
}

// sameOrigin reports whether the request says it comes from our own origin.
// Sec-Fetch-Site is the browser's own word (a page cannot set it); a browser
// without it (Safari before 16.4, Firefox before 90) sends Origin with posts.
// A request with neither is no browser's form post.
func (r Request) sameOrigin() bool {
	switch r.Header("sec-fetch-site") {
	case "same-origin", "none":
		return true
	case "":
		origin := r.Header("origin")
		return origin != "" && origin != "null" && strings.EqualFold(origin, r.Origin())
	}
	return false
}

// Origin is our origin as the browser sees it: the origin it names when it
// posts to us, and the base of the console's OIDC redirect URL. The scheme,
// and the host it asked for (the Host header, as API Gateway passes it; a
// hand-made event may only have the domain name).
func (r Request) Origin() string {
	scheme := "http"
	if r.Secure() {
		scheme = "https"
	}
	host := r.Header("host")
	if host == "" {
		host = r.Event.RequestContext.DomainName
	}
	return scheme + "://" + host
}
