package web

import (
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/shared/forms"
)

// contentSecurityPolicy allows our own scripts, styles and form targets only:
// no inline script or style, no framing, no other origin.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// htmlResponse is a page. Pages carry a CSRF token and often personal data, so
// no cache may keep them.
func htmlResponse(status int, body string, lang forms.Lang) events.APIGatewayV2HTTPResponse {
	return events.APIGatewayV2HTTPResponse{
		StatusCode: status,
		Headers: map[string]string{
			"Content-Type":            "text/html; charset=utf-8",
			"Content-Language":        string(lang),
			"Cache-Control":           "no-store",
			"Vary":                    "Accept-Language, Cookie",
			"Content-Security-Policy": contentSecurityPolicy,
			"X-Content-Type-Options":  "nosniff",
			"X-Frame-Options":         "DENY",
			"Referrer-Policy":         "no-referrer",
			"Permissions-Policy":      "camera=(), microphone=(), geolocation=()",
		},
		Body: body,
	}
}

// plainResponse answers when even the error page cannot be rendered.
func plainResponse(status int) events.APIGatewayV2HTTPResponse {
	return events.APIGatewayV2HTTPResponse{
		StatusCode: status,
		Headers: map[string]string{
			"Content-Type":           "text/plain; charset=utf-8",
			"Cache-Control":          "no-store",
			"X-Content-Type-Options": "nosniff",
		},
		Body: http.StatusText(status),
	}
}
