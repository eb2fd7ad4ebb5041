package httpapi

import (
	"context"
	"net/http"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/logging"
)

// StatusReader is what the status handler needs of the domain.
type StatusReader interface {
	Status(ctx context.Context, reference, token string) (*intake.Submission, error)
}

// Status handles GET /v1/submissions/{reference}; the token comes in the
// X-Status-Token header so that it never appears in a URL or an access log.
func Status(svc StatusReader, log *logrus.Logger) Handler {
	return func(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		ctx, r := httpedge.Start(ctx, log, ev)
		sub, err := svc.Status(ctx, ev.PathParameters["reference"], r.Header("x-status-token"))
		if err != nil {
			return errorResponse(ctx, r, err), nil
		}
		logging.From(ctx).WithField("reference", sub.Reference).Info("status shown")
		resp := jsonResponse(http.StatusOK, httpedge.PublicView(sub, r.Lang))
		r.SetCorrelationID(resp)
		return resp, nil
	}
}
