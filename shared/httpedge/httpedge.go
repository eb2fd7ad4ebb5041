// Package httpedge is what the JSON API (shared/httpapi) and the pages
// (shared/web) share at the HTTP edge: reading an API Gateway HTTP API event
// (payload format 2.0) - headers, cookies, body, language, correlation id,
// Idempotency-Key - the CSRF guard of form posts (csrf.go), and the one table
// that turns an error into a status, a stable code and a message. Each caller
// renders the answer its own way (JSON, a page); what the answer is gets
// decided here, once.
package httpedge

import (
	"context"
	"encoding/base64"
	"fmt"
	"mime"
	"net/netip"
	"net/url"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/logging"
)

// MaxBody is the largest request body accepted, decoded: a form post becomes
// one JSON API body, so both take the same.
const MaxBody = 64 << 10

// Handler is the shape of an HTTP API Lambda handler.
type Handler func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)

// Request is an event with what every handler derives from it first.
type Request struct {
	Event         events.APIGatewayV2HTTPRequest
	Lang          forms.Lang // ?lang= first, then Accept-Language; zh-CN by default
	CorrelationID string     // the client's X-Correlation-Id when well-formed, else the request id
}

// Start begins a request: its language, its correlation id, and a log entry in
// ctx that carries the correlation id and route on every line. One id then
// follows the submission through the queue to staff actions.
func Start(ctx context.Context, log *logrus.Logger, ev events.APIGatewayV2HTTPRequest) (context.Context, Request) {
	r := Request{Event: ev}
	r.Lang = r.language()
	if r.CorrelationID = r.Header("x-correlation-id"); !validCorrelationID(r.CorrelationID) {
		r.CorrelationID = ev.RequestContext.RequestID
	}
	ctx, _ = logging.Start(ctx, log, logrus.Fields{"correlationId": r.CorrelationID, "route": ev.RouteKey})
	return ctx, r
}

// Header returns a request header. HTTP API lower-cases header names; events made
// by hand (tests, sam local) may not, so both are looked up.
func (r Request) Header(name string) string {
	if v, ok := r.Event.Headers[name]; ok {
		return v
	}
	for k, v := range r.Event.Headers {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// Cookies returns the values of every cookie of that name, in the order the
// browser sent them. A browser sends several when several were set for the
// request's host (one by a sibling host, with a Domain attribute): which one is
// right is the caller's to decide (see CSRF). Payload format 2.0 passes cookies
// in their own list; a hand-made event may carry a Cookie header instead.
func (r Request) Cookies(name string) []string {
	all := r.Event.Cookies
	if h := r.Header("cookie"); h != "" {
		all = append(all[:len(all):len(all)], strings.Split(h, ";")...)
	}
	var values []string
	for _, c := range all {
		k, v, _ := strings.Cut(strings.TrimSpace(c), "=")
		if k == name {
			values = append(values, v)
		}
	}
	return values
}

// Client names the client for per-client limits: the source address API
// Gateway saw (requestContext.http.sourceIp, which a client cannot choose as it
// can X-Forwarded-For); an IPv6 one by its /64, since one subscriber usually
// holds a whole /64 and could otherwise take a fresh address for every request.
// "" when there is none (a hand-made event): such requests share one budget.
func (r Request) Client() string {
	ip, err := netip.ParseAddr(r.Event.RequestContext.HTTP.SourceIP)
	if err != nil {
		return ""
	}
	if ip = ip.Unmap(); ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// Secure reports whether the client reached us over HTTPS, as API Gateway does;
// the local API speaks plain HTTP, where a Secure cookie would not come back.
func (r Request) Secure() bool { return r.Header("x-forwarded-proto") == "https" }

// CookieName is the name that our cookie called name has for r: with the
// __Host- prefix over HTTPS, which browsers accept only from our own host,
// Secure, with Path=/ and no Domain, so that a sibling host can neither plant
// nor overwrite it; plain over HTTP (the local API), where the prefix would
// need Secure.
func (r Request) CookieName(name string) string {
	if r.Secure() {
		return "__Host-" + name
	}
	return name
}

// SetCorrelationID puts the request's correlation id on a response, errors
// included: a client reporting a failure can quote it, and support finds the logs.
func (r Request) SetCorrelationID(resp events.APIGatewayV2HTTPResponse) {
	if r.CorrelationID != "" {
		resp.Headers["X-Correlation-Id"] = r.CorrelationID
	}
}

// Body returns the request body when it is of mediaType (with no charset, or
// UTF-8) and at most MaxBody bytes, decoded from base64 when API Gateway encoded
// it. It fails with apperr.ErrMediaType, ErrTooLarge or ErrMalformed.
func (r Request) Body(mediaType string) ([]byte, error) {
	mt, params, err := mime.ParseMediaType(r.Header("content-type"))
	if err != nil || mt != mediaType {
		return nil, fmt.Errorf("%w: want %s", apperr.ErrMediaType, mediaType)
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return nil, fmt.Errorf("%w: charset must be utf-8", apperr.ErrMediaType)
	}
	body := []byte(r.Event.Body)
	if r.Event.IsBase64Encoded {
		// Refuse before decoding: a huge body must not cost its decoding first.
		if base64.StdEncoding.DecodedLen(len(r.Event.Body)) > MaxBody+3 {
			return nil, apperr.ErrTooLarge
		}
		if body, err = base64.StdEncoding.DecodeString(r.Event.Body); err != nil {
			return nil, fmt.Errorf("%w: body is not valid base64", apperr.ErrMalformed)
		}
	}
	if len(body) > MaxBody {
		return nil, apperr.ErrTooLarge
	}
	return body, nil
}

// Form reads an application/x-www-form-urlencoded post (which HTTP API hands
// over base64-encoded) within Body's limits: the pages' posts, the firm's and
// the staff console's. It fails as Body does, and with apperr.ErrMalformed for
// a form that does not parse.
func (r Request) Form() (url.Values, error) {
	body, err := r.Body("application/x-www-form-urlencoded")
	if err != nil {
		return nil, err
	}
	values, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("%w: form not readable", apperr.ErrMalformed)
	}
	return values, nil
}

// language is ?lang= when given, else Accept-Language.
func (r Request) language() forms.Lang {
	if l := r.Event.QueryStringParameters["lang"]; l != "" {
		return forms.ParseLang(l)
	}
	return forms.ParseLang(r.Header("accept-language"))
}

// ValidIdempotencyKey reports whether key is an Idempotency-Key the contract
// allows: 1 to 64 printable ASCII characters.
func ValidIdempotencyKey(key string) bool {
	if key == "" || len(key) > 64 {
		return false
	}
	for i := range len(key) {
		if key[i] < 0x20 || key[i] > 0x7e {
			return false
		}
	}
	return true
}

// validCorrelationID: 1 to 64 of [A-Za-z0-9._-]. Checked by hand: the regexp
// for it compiles 64 copies of the class at package init, about 0.7 ms of every
// cold start.
func validCorrelationID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := range len(id) {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// Response is an answer of the given type that no cache keeps (answers carry
// receipts, tokens and personal data) and no browser sniffs as another type.
// Callers add their own headers, or loosen Cache-Control for what may be cached.
func Response(status int, contentType, body string) events.APIGatewayV2HTTPResponse {
	return events.APIGatewayV2HTTPResponse{
		StatusCode: status,
		Headers: map[string]string{
			"Content-Type":           contentType,
			"Cache-Control":          "no-store",
			"X-Content-Type-Options": "nosniff",
		},
		Body: body,
	}
}
