package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/logging"
)

// StatusReader is what the status handler needs of the domain.
type StatusReader interface {
	Status(ctx context.Context, reference, token string) (*intake.Submission, error)
}

type statusBody struct {
	Reference string      `json:"reference"`
	Kind      forms.Kind  `json:"kind"`
	Status    string      `json:"status"`
	Agency    agencyBody  `json:"agency"`
	UpdatedAt time.Time   `json:"updatedAt"`
	History   []eventBody `json:"history"`
	Answer    *string     `json:"answer"`
}

// eventBody is the public view of an event: no actor, no internal note.
type eventBody struct {
	At     time.Time `json:"at"`
	From   string    `json:"from,omitempty"`
	Status string    `json:"status"`
	Note   string    `json:"note,omitempty"`
}

// Status handles GET /v1/submissions/{reference}; the token comes in the
// X-Status-Token header so that it never appears in a URL or an access log.
func Status(svc StatusReader, log *logrus.Logger) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		ctx, _ = startRequest(ctx, log, req)
		lang := language(req)
		sub, err := svc.Status(ctx, req.PathParameters["reference"], Header(req, "x-status-token"))
		if err != nil {
			return errorResponse(ctx, err, lang), nil
		}
		logging.From(ctx).WithField("reference", sub.Reference).Info("status shown")
		resp := jsonResponse(http.StatusOK, publicView(sub, lang))
		setCorrelationID(ctx, resp)
		return resp, nil
	}
}

func publicView(sub *intake.Submission, lang forms.Lang) statusBody {
	body := statusBody{
		Reference: sub.Reference,
		Kind:      sub.Kind,
		Status:    string(sub.Status),
		Agency:    agencyOf(sub.Agency, lang),
		UpdatedAt: sub.UpdatedAt,
		History:   []eventBody{},
	}
	for _, e := range sub.PublicHistory() {
		body.History = append(body.History, eventBody{At: e.At, From: string(e.From), Status: string(e.To), Note: e.Note})
	}
	if sub.Answer != nil && sub.Answer.Public != "" {
		body.Answer = &sub.Answer.Public
	}
	return body
}
