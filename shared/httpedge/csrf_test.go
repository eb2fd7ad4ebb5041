package httpedge_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/httpedge"
)

var (
	csrfKey   = []byte("0123456789abcdef0123456789abcdef")
	otherKey  = []byte("fedcba9876543210fedcba9876543210")
	browserID = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	plantedID = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
)

// request is a browser's request to https://intake.example.gov.cn (or over
// plain HTTP to the local API) with the given cookies and headers.
func request(secure bool, cookies []string, headers ...string) httpedge.Request {
	ev := events.APIGatewayV2HTTPRequest{Headers: map[string]string{"host": "intake.example.gov.cn"}, Cookies: cookies}
	if secure {
		ev.Headers["x-forwarded-proto"] = "https"
	}
	for i := 0; i+1 < len(headers); i += 2 {
		ev.Headers[headers[i]] = headers[i+1]
	}
	return httpedge.Request{Event: ev}
}

// tokenOf is the token a page made under key gives a browser with cookie id.
func tokenOf(t *testing.T, key []byte, secure bool, id string) string {
	t.Helper()
	c := httpedge.NewCSRF("intake_csrf", key)
	token, set := c.Token(request(secure, []string{c.CookieName(request(secure, nil)) + "=" + id}))
	if set != "" {
		t.Fatalf("a cookie set for a browser that has one: %s", set)
	}
	return token
}

func TestCSRFCookie(t *testing.T) {
	tests := []struct {
		name     string
		secure   bool
		wantName string
	}{
		{"over HTTPS", true, "__Host-intake_csrf"},
		{"over plain HTTP (the local API)", false, "intake_csrf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := httpedge.NewCSRF("intake_csrf", csrfKey)
			token, set := c.Token(request(tt.secure, nil))
			cookie, err := http.ParseSetCookie(set)
			if err != nil {
				t.Fatal(err)
			}
			// __Host- cookies must be Secure, with Path=/ and no Domain, or browsers drop them.
			if cookie.Name != tt.wantName || cookie.Path != "/" || cookie.Domain != "" || !cookie.HttpOnly ||
				cookie.Secure != tt.secure || cookie.SameSite != http.SameSiteLaxMode {
				t.Errorf("Set-Cookie %s", set)
			}
			if token == cookie.Value || len(token) != 43 {
				t.Errorf("token %q for id %q: want the id's HMAC, not the id", token, cookie.Value)
			}
			// The browser's next request carries the cookie: the same token, no new cookie.
			again, set := c.Token(request(tt.secure, []string{cookie.Name + "=" + cookie.Value}))
			if again != token || set != "" {
				t.Errorf("second page: token %q, Set-Cookie %q; want %q and none", again, set, token)
			}
		})
	}
}

func TestCSRFCheck(t *testing.T) {
	sameOrigin := []string{"sec-fetch-site", "same-origin"}
	good := tokenOf(t, csrfKey, true, browserID)
	tests := []struct {
		name    string
		secure  bool
		cookies []string
		headers []string
		posted  string
		want    error // nil, httpedge.ErrCrossSite or httpedge.ErrCSRFToken
	}{
		{"good", true, []string{"__Host-intake_csrf=" + browserID}, sameOrigin, good, nil},
		{"good over plain HTTP", false, []string{"intake_csrf=" + browserID}, sameOrigin, tokenOf(t, csrfKey, false, browserID), nil},

		// The token is bound to the cookie's id, under the key.
		{"no cookie", true, nil, sameOrigin, good, httpedge.ErrCSRFToken},
		{"no token", true, []string{"__Host-intake_csrf=" + browserID}, sameOrigin, "", httpedge.ErrCSRFToken},
		{"the id itself as token (double submit)", true, []string{"__Host-intake_csrf=" + browserID}, sameOrigin, browserID, httpedge.ErrCSRFToken},
		{"another browser's token", true, []string{"__Host-intake_csrf=" + browserID}, sameOrigin, tokenOf(t, csrfKey, true, plantedID), httpedge.ErrCSRFToken},
		{"token under another key", true, []string{"__Host-intake_csrf=" + browserID}, sameOrigin, tokenOf(t, otherKey, true, browserID), httpedge.ErrCSRFToken},

		// Over HTTPS only the __Host- cookie counts: a sibling host can set the
		// plain name (Domain=.example.gov.cn), never the prefixed one.
		{"planted plain cookie over HTTPS", true, []string{"intake_csrf=" + browserID}, sameOrigin, good, httpedge.ErrCSRFToken},
		// Several of the name: the one the token is for is the right one.
		{"planted first, ours second", false, []string{"intake_csrf=" + plantedID, "intake_csrf=" + browserID}, sameOrigin, tokenOf(t, csrfKey, false, browserID), nil},
		{"planted id and a made-up token", false, []string{"intake_csrf=" + plantedID, "intake_csrf=" + browserID}, sameOrigin, plantedID, httpedge.ErrCSRFToken},

		// The post must come from our own origin.
		{"cross-site", true, []string{"__Host-intake_csrf=" + browserID}, []string{"sec-fetch-site", "cross-site"}, good, httpedge.ErrCrossSite},
		{"same-site: a sibling host", true, []string{"__Host-intake_csrf=" + browserID}, []string{"sec-fetch-site", "same-site"}, good, httpedge.ErrCrossSite},
		{"a person's own action", true, []string{"__Host-intake_csrf=" + browserID}, []string{"sec-fetch-site", "none"}, good, nil},
		{"same-origin wins over a stray Origin", true, []string{"__Host-intake_csrf=" + browserID}, []string{"sec-fetch-site", "same-origin", "origin", "https://evil.example"}, good, nil},
		{"no Sec-Fetch-Site, our Origin", true, []string{"__Host-intake_csrf=" + browserID}, []string{"origin", "https://intake.example.gov.cn"}, good, nil},
		{"no Sec-Fetch-Site, our Origin in capitals", true, []string{"__Host-intake_csrf=" + browserID}, []string{"origin", "https://INTAKE.example.gov.cn"}, good, nil},
		{"no Sec-Fetch-Site, a sibling's Origin", true, []string{"__Host-intake_csrf=" + browserID}, []string{"origin", "https://evil.example.gov.cn"}, good, httpedge.ErrCrossSite},
		{"no Sec-Fetch-Site, our host over plain HTTP", true, []string{"__Host-intake_csrf=" + browserID}, []string{"origin", "http://intake.example.gov.cn"}, good, httpedge.ErrCrossSite},
		{"no Sec-Fetch-Site, Origin null", true, []string{"__Host-intake_csrf=" + browserID}, []string{"origin", "null"}, good, httpedge.ErrCrossSite},
		{"neither header", true, []string{"__Host-intake_csrf=" + browserID}, nil, good, httpedge.ErrCrossSite},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := httpedge.NewCSRF("intake_csrf", csrfKey)
			err := c.Check(request(tt.secure, tt.cookies, tt.headers...), tt.posted)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Check = %v, want %v", err, tt.want)
			}
			if err != nil && !errors.Is(err, apperr.ErrForbidden) {
				t.Errorf("err %v is not a 403", err)
			}
		})
	}
}

// A staff console's tokens are its own: another cookie name, other tokens.
func TestCSRFNamesSeparate(t *testing.T) {
	r := request(true, []string{"__Host-intake_csrf=" + browserID, "__Host-staff_csrf=" + browserID}, "sec-fetch-site", "same-origin")
	pages, staff := httpedge.NewCSRF("intake_csrf", csrfKey), httpedge.NewCSRF("staff_csrf", csrfKey)
	token, _ := pages.Token(r)
	if err := staff.Check(r, token); !errors.Is(err, httpedge.ErrCSRFToken) {
		t.Fatalf("the pages' token passed the console's check: %v", err)
	}
}
