package web

import (
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpedge"
)

// contentSecurityPolicy allows our own scripts, styles and form targets only:
// no inline script or style, no framing, no other origin.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// HTMLResponse is a page, the firm's or the staff console's. Pages carry a CSRF token and often personal data, so
// no cache may keep them (httpedge.Response's no-store). Referrer-Policy
// same-origin sends no Referer to other sites (our URLs hold no secrets: the
// status token is posted), and lets a browser without Sec-Fetch-Site send its
// Origin with our own posts, which no-referrer would make "null" (httpedge.CSRF).
func HTMLResponse(status int, body string, lang forms.Lang) events.APIGatewayV2HTTPResponse {
	resp := httpedge.Response(status, "text/html; charset=utf-8", body)
	for k, v := range map[string]string{
		"Content-Language":        string(lang),
		"Vary":                    "Accept-Language, Cookie",
		"Content-Security-Policy": contentSecurityPolicy,
		"X-Frame-Options":         "DENY",
		"Referrer-Policy":         "same-origin",
		"Permissions-Policy":      "camera=(), microphone=(), geolocation=()",
	} {
		resp.Headers[k] = v
	}
	return resp
}

// PlainResponse answers when even the error page cannot be rendered.
func PlainResponse(status int) events.APIGatewayV2HTTPResponse {
	return httpedge.Response(status, "text/plain; charset=utf-8", http.StatusText(status))
}
