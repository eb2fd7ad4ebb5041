package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
)

// Submitter is what the submit handler needs of the domain.
type Submitter interface {
	Submit(ctx context.Context, req intake.SubmitRequest) (intake.Receipt, error)
}

// kindByRoute maps the template's routes to the form they take.
var kindByRoute = map[string]forms.Kind{
	"POST /v1/consultations":     forms.KindConsultation,
	"POST /v1/training-requests": forms.KindTraining,
}

type receiptBody struct {
	Reference   string          `json:"reference"`
	StatusToken string          `json:"statusToken"`
	Kind        forms.Kind      `json:"kind"`
	Status      string          `json:"status"`
	Agency      httpedge.Agency `json:"agency"`
	SubmittedAt time.Time       `json:"submittedAt"`
}

// Submit handles POST /v1/consultations and POST /v1/training-requests.
func Submit(svc Submitter, log *logrus.Logger) Handler {
	return func(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		ctx, r := httpedge.Start(ctx, log, ev)
		kind, ok := kindByRoute[ev.RouteKey]
		if !ok {
			return errorResponse(ctx, r, apperr.ErrNotFound), nil
		}
		body, err := r.Body("application/json")
		if err != nil {
			return errorResponse(ctx, r, err), nil
		}
		key, err := idempotencyKey(r)
		if err != nil {
			return errorResponse(ctx, r, err), nil
		}
		rc, err := svc.Submit(ctx, intake.SubmitRequest{
			Kind: kind, Body: body, Lang: r.Lang, IdempotencyKey: key, CorrelationID: r.CorrelationID, Client: r.Client(),
		})
		if err != nil {
			return errorResponse(ctx, r, err), nil
		}
		resp := jsonResponse(http.StatusCreated, receiptBody{
			Reference:   rc.Reference,
			StatusToken: rc.StatusToken,
			Kind:        rc.Kind,
			Status:      string(rc.Status),
			Agency:      httpedge.AgencyOf(rc.Agency, r.Lang),
			SubmittedAt: rc.SubmittedAt,
		})
		resp.Headers["Location"] = "/v1/submissions/" + rc.Reference
		r.SetCorrelationID(resp)
		if rc.Replayed {
			resp.Headers["Idempotent-Replayed"] = "true"
		}
		return resp, nil
	}
}

// idempotencyKey returns the Idempotency-Key header, which is optional; a key
// that is there but not one the contract allows is a field error.
func idempotencyKey(r httpedge.Request) (string, error) {
	key := r.Header("idempotency-key")
	if key == "" || httpedge.ValidIdempotencyKey(key) {
		return key, nil
	}
	msg := forms.Text{ZH: "Idempotency-Key 须为 1 至 64 个可打印 ASCII 字符。", EN: "Idempotency-Key must be 1 to 64 printable ASCII characters."}
	return "", &apperr.InvalidError{Fields: []apperr.FieldError{{Field: "Idempotency-Key", Code: "invalid-format", Message: msg.In(r.Lang)}}}
}
