package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
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
	Reference   string     `json:"reference"`
	StatusToken string     `json:"statusToken"`
	Kind        forms.Kind `json:"kind"`
	Status      string     `json:"status"`
	Agency      agencyBody `json:"agency"`
	SubmittedAt time.Time  `json:"submittedAt"`
}

type agencyBody struct {
	Code agency.Code `json:"code"`
	Name string      `json:"name"`
}

func agencyOf(c agency.Code, lang forms.Lang) agencyBody {
	a, _ := agency.Lookup(c)
	return agencyBody{Code: c, Name: a.Name(string(lang))}
}

// Submit handles POST /v1/consultations and POST /v1/training-requests.
func Submit(svc Submitter, log *logrus.Logger) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		ctx, correlationID := startRequest(ctx, log, req)
		lang := language(req)
		kind, ok := kindByRoute[req.RouteKey]
		if !ok {
			return errorResponse(ctx, apperr.ErrNotFound, lang), nil
		}
		body, err := jsonBody(req)
		if err != nil {
			return errorResponse(ctx, err, lang), nil
		}
		key, err := idempotencyKey(req, lang)
		if err != nil {
			return errorResponse(ctx, err, lang), nil
		}
		r, err := svc.Submit(ctx, intake.SubmitRequest{
			Kind: kind, Body: body, Lang: lang, IdempotencyKey: key, CorrelationID: correlationID,
		})
		if err != nil {
			return errorResponse(ctx, err, lang), nil
		}
		resp := jsonResponse(http.StatusCreated, receiptBody{
			Reference:   r.Reference,
			StatusToken: r.StatusToken,
			Kind:        r.Kind,
			Status:      string(r.Status),
			Agency:      agencyOf(r.Agency, lang),
			SubmittedAt: r.SubmittedAt,
		})
		resp.Headers["Location"] = "/v1/submissions/" + r.Reference
		resp.Headers["X-Correlation-Id"] = correlationID
		if r.Replayed {
			resp.Headers["Idempotent-Replayed"] = "true"
		}
		return resp, nil
	}
}

// idempotencyKey returns the Idempotency-Key header: absent, or 1-64 printable
// ASCII characters.
func idempotencyKey(req events.APIGatewayV2HTTPRequest, lang forms.Lang) (string, error) {
	key := Header(req, "idempotency-key")
	ok := len(key) <= 64
	for i := 0; i < len(key) && ok; i++ {
		ok = key[i] >= 0x20 && key[i] <= 0x7e
	}
	if ok {
		return key, nil
	}
	msg := "Idempotency-Key 须为 1 至 64 个可打印 ASCII 字符。"
	if lang == forms.EN {
		msg = "Idempotency-Key must be 1 to 64 printable ASCII characters."
	}
	return "", &apperr.InvalidError{Fields: []apperr.FieldError{{Field: "Idempotency-Key", Code: "invalid-format", Message: msg}}}
}
