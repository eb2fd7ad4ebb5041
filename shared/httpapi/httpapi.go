// Package httpapi is the JSON API: it turns API Gateway HTTP API events
// (payload format 2.0) into calls of the domain and the domain's results and errors
// into the public contract's JSON responses. Handlers stay thin: read the event
// through shared/httpedge, call, map; httpedge's table decides every error's status.
package httpapi

import (
	"encoding/json"
	"fmt"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/shared/httpedge"
)

// Handler is httpedge.Handler, kept under this name so that the functions' wiring
// need not change with the move.
type Handler = httpedge.Handler

func jsonResponse(status int, v any) events.APIGatewayV2HTTPResponse {
	b, err := json.Marshal(v)
	if err != nil {
		// Only our own response types reach here; they always encode.
		panic(fmt.Sprintf("encode response: %v", err))
	}
	return httpedge.Response(status, "application/json; charset=utf-8", string(b))
}
