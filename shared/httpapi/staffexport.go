package httpapi

import (
	"context"
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/exportcsv"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
)

// export answers GET /v1/staff/export.csv?from=&to=: the agency's submissions
// sent from the first day to the last (Shanghai days, both included), one row
// each, the form's answers in words under the catalog's labels in the
// request's language (package exportcsv). Every exported submission's audit
// trail records it.
func (s staffAPI) export(ctx context.Context, r httpedge.Request, by intake.Actor) (events.APIGatewayV2HTTPResponse, error) {
	q := r.Event.QueryStringParameters
	from, to, faults := exportcsv.Range(q["from"], q["to"])
	if len(faults) > 0 {
		for i := range faults {
			faults[i].Message = staffText(faults[i].Code, r.Lang)
		}
		return events.APIGatewayV2HTTPResponse{}, &apperr.InvalidError{Fields: faults}
	}
	subs, err := s.desk.Export(ctx, by, from, to)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	body, err := exportcsv.Write(subs, r.Lang)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	resp := httpedge.Response(http.StatusOK, exportcsv.ContentType, body)
	resp.Headers["Content-Disposition"] = `attachment; filename="` + exportcsv.Filename(by.Agency, q["from"], q["to"]) + `"`
	return resp, nil
}
