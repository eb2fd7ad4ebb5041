// Package httpapi is the HTTP-API edge: it turns API Gateway HTTP API events
// (payload format 2.0) into calls of the domain and the domain's results and errors
// into the public contract's JSON responses. Handlers stay thin: decode, call, map.
package httpapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/logging"
)

// MaxBody is the largest request body accepted.
const MaxBody = 64 << 10

// Handler is the shape of an HTTP API Lambda handler.
type Handler func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)

// Header returns a request header. HTTP API lower-cases header names; events made
// by hand (tests, sam local) may not, so both are looked up.
func Header(req events.APIGatewayV2HTTPRequest, name string) string {
	if v, ok := req.Headers[name]; ok {
		return v
	}
	for k, v := range req.Headers {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// language is the user's language: ?lang= first, then Accept-Language.
func language(req events.APIGatewayV2HTTPRequest) forms.Lang {
	if l := req.QueryStringParameters["lang"]; l != "" {
		return forms.ParseLang(l)
	}
	return forms.ParseLang(Header(req, "accept-language"))
}

// jsonBody returns the request's JSON body, or errTooLarge, errMediaType, errBadBody.
func jsonBody(req events.APIGatewayV2HTTPRequest) ([]byte, error) {
	mt, params, err := mime.ParseMediaType(Header(req, "content-type"))
	if err != nil || mt != "application/json" {
		return nil, errMediaType
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return nil, errMediaType
	}
	body := []byte(req.Body)
	if req.IsBase64Encoded {
		if base64.StdEncoding.DecodedLen(len(req.Body)) > MaxBody+3 {
			return nil, errTooLarge
		}
		if body, err = base64.StdEncoding.DecodeString(req.Body); err != nil {
			return nil, errBadBody
		}
	}
	if len(body) > MaxBody {
		return nil, errTooLarge
	}
	return body, nil
}

// validCorrelationID: 1 to 64 of [A-Za-z0-9._-]. Checked by hand: the regexp
// for it compiles 64 copies of the class at package init, about 0.7 ms of every
// cold start.
func validCorrelationID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// startRequest begins a request's log entry. The correlation id is the client's
// X-Correlation-Id when it is well-formed, else the API Gateway request id, so one
// id follows the submission through the queue to staff actions.
func startRequest(ctx context.Context, log *logrus.Logger, req events.APIGatewayV2HTTPRequest) (context.Context, string) {
	id := Header(req, "x-correlation-id")
	if !validCorrelationID(id) {
		id = req.RequestContext.RequestID
	}
	ctx, _ = logging.Start(ctx, log, logrus.Fields{"correlationId": id, "route": req.RouteKey})
	return context.WithValue(ctx, correlationKey{}, id), id
}

type correlationKey struct{}

// setCorrelationID puts the request's correlation id on a response, errors
// included: a firm reporting a failure can quote it, and support finds the logs.
func setCorrelationID(ctx context.Context, resp events.APIGatewayV2HTTPResponse) {
	if id, ok := ctx.Value(correlationKey{}).(string); ok && id != "" {
		resp.Headers["X-Correlation-Id"] = id
	}
}

func jsonResponse(status int, v any) events.APIGatewayV2HTTPResponse {
	b, err := json.Marshal(v)
	if err != nil {
		// Only our own response types reach here; they always encode.
		panic(fmt.Sprintf("encode response: %v", err))
	}
	return events.APIGatewayV2HTTPResponse{
		StatusCode: status,
		Headers: map[string]string{
			"Content-Type":           "application/json; charset=utf-8",
			"Cache-Control":          "no-store",
			"X-Content-Type-Options": "nosniff",
		},
		Body: string(b),
	}
}
