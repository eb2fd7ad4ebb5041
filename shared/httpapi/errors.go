package httpapi

import (
	"context"
	"errors"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
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
	return respondProblem(r, p, detailOf(p, err, r))
}

// detailOf is the body of err's answer: the table's code and message, and
// each field at fault for an invalid request.
func detailOf(p httpedge.Problem, err error, r httpedge.Request) errorDetail {
	detail := errorDetail{Code: p.Code, Message: p.Message.In(r.Lang)}
	var invalid *apperr.InvalidError
	if errors.As(err, &invalid) {
		detail.Fields = invalid.Fields
		if invalid.Message != "" {
			detail.Message = invalid.Message
		}
	}
	return detail
}

func respondProblem(r httpedge.Request, p httpedge.Problem, detail errorDetail) events.APIGatewayV2HTTPResponse {
	resp := jsonResponse(p.Status, errorBody{detail})
	if p.RetryAfter != "" {
		resp.Headers["Retry-After"] = p.RetryAfter
	}
	r.SetCorrelationID(resp)
	return resp
}

// staffErrorResponse is errorResponse for the staff API, whose refusals say
// more: a refused move answers with its TransitionError's stable code (409
// invalid-transition, 403 actor-not-allowed, ...), a bad input names its field,
// and a 404 speaks of references only (staff have no status token).
func staffErrorResponse(ctx context.Context, r httpedge.Request, err error) events.APIGatewayV2HTTPResponse {
	p := httpedge.Report(ctx, err)
	detail := detailOf(p, err, r)
	var refused *intake.TransitionError
	var input *intake.InputError
	switch {
	case errors.As(err, &refused) && p.Kind == apperr.KindInvalid:
		detail.Fields = []apperr.FieldError{{Field: refused.Field, Code: refused.Code, Message: staffText(refused.Code, r.Lang)}}
	case errors.As(err, &refused):
		detail.Code, detail.Message = refused.Code, staffText(refused.Code, r.Lang)
	case errors.As(err, &input):
		detail.Fields = []apperr.FieldError{{Field: input.Field, Code: input.Code, Message: staffText(input.Code, r.Lang)}}
	case p.Kind == apperr.KindNotFound:
		detail.Message = staffText("not-found", r.Lang)
	}
	return respondProblem(r, p, detail)
}
