package httpapi

import (
	"context"
	"errors"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/httpedge"
)

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string              `json:"code"`
	Message string              `json:"message"`
	Fields  []apperr.FieldError `json:"fields,omitempty"`
}

// errorResponse renders err as the contract's error body, in the status the
// edge's table gives it (which also logs it, once).
func errorResponse(ctx context.Context, r httpedge.Request, err error) events.APIGatewayV2HTTPResponse {
	p := httpedge.Report(ctx, err)
	detail := errorDetail{Code: p.Code, Message: p.Message.In(r.Lang)}
	var invalid *apperr.InvalidError
	if errors.As(err, &invalid) {
		detail.Fields = invalid.Fields
		if invalid.Message != "" {
			detail.Message = invalid.Message
		}
	}
	resp := jsonResponse(p.Status, errorBody{detail})
	if p.RetryAfter != "" {
		resp.Headers["Retry-After"] = p.RetryAfter
	}
	r.SetCorrelationID(resp)
	return resp
}
