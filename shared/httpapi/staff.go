package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/logging"
)

// StaffDesk is what the staff API needs of the domain (intake.Desk).
type StaffDesk interface {
	Claim(ctx context.Context, by intake.Actor) (*intake.Submission, error)
	ClaimReference(ctx context.Context, by intake.Actor, reference string) (*intake.Submission, error)
	Read(ctx context.Context, by intake.Actor, reference string) (*intake.Submission, error)
	Act(ctx context.Context, by intake.Actor, reference string, version int64, c intake.Command) (*intake.Submission, error)
	List(ctx context.Context, by intake.Actor, q intake.ListQuery) (intake.Page, error)
	Figures(ctx context.Context, by intake.Actor) (intake.Figures, error)
	AuditTrail(ctx context.Context, by intake.Actor, reference string) ([]intake.AuditEntry, error)
	Export(ctx context.Context, by intake.Actor, from, to time.Time) ([]*intake.Submission, error)
}

type staffRoute func(ctx context.Context, r httpedge.Request, by intake.Actor) (events.APIGatewayV2HTTPResponse, error)

// Staff handles the staff API, /v1/staff/... (template.yaml routes each of
// these route keys here, behind the staff JWT authorizer). Every request acts
// as the staff member of its verified token, in that member's agency, read
// from the claims claims names (the console reads the same).
func Staff(desk StaffDesk, claims httpedge.StaffClaims, log *logrus.Logger) Handler {
	s := staffAPI{desk: desk}
	routes := map[string]staffRoute{
		"GET /v1/staff/submissions":                      s.list,
		"POST /v1/staff/claims":                          s.claim,
		"GET /v1/staff/submissions/{reference}":          s.read,
		"POST /v1/staff/submissions/{reference}/actions": s.act,
		"GET /v1/staff/metrics":                          s.figures,
		"GET /v1/staff/submissions/{reference}/audit":    s.audit,
		"GET /v1/staff/export.csv":                       s.export,
	}
	return func(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		ctx, r := httpedge.Start(ctx, log, ev)
		route, ok := routes[ev.RouteKey]
		if !ok {
			return staffErrorResponse(ctx, r, apperr.ErrNotFound), nil
		}
		by, err := r.Staff(claims)
		if err != nil {
			return staffErrorResponse(ctx, r, err), nil
		}
		// The subject and the agency, never a name: see httpedge.Request.Staff.
		ctx, _ = logging.With(ctx, logrus.Fields{"staff": by.ID, "agency": by.Agency})
		resp, err := route(ctx, r, by)
		if err != nil {
			return staffErrorResponse(ctx, r, err), nil
		}
		r.SetCorrelationID(resp)
		return resp, nil
	}
}

type staffAPI struct{ desk StaffDesk }

func (s staffAPI) list(ctx context.Context, r httpedge.Request, by intake.Actor) (events.APIGatewayV2HTTPResponse, error) {
	q := r.Event.QueryStringParameters
	page, err := s.desk.List(ctx, by, intake.ListQuery{Status: intake.Status(q["status"]), Cursor: q["cursor"]})
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return jsonResponse(http.StatusOK, listView(page)), nil
}

// claim takes the next waiting submission, or, with a body naming one, that
// one (an agency consuming its queue itself knows the reference).
func (s staffAPI) claim(ctx context.Context, r httpedge.Request, by intake.Actor) (events.APIGatewayV2HTTPResponse, error) {
	ref, err := readClaim(r)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	var sub *intake.Submission
	if ref != "" {
		sub, err = s.desk.ClaimReference(ctx, by, ref)
	} else {
		sub, err = s.desk.Claim(ctx, by)
	}
	if errors.Is(err, intake.ErrNothingWaiting) {
		return httpedge.Response(http.StatusNoContent, "application/json; charset=utf-8", ""), nil
	}
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return submissionResponse(ctx, sub, r.Lang)
}

func (s staffAPI) read(ctx context.Context, r httpedge.Request, by intake.Actor) (events.APIGatewayV2HTTPResponse, error) {
	sub, err := s.desk.Read(ctx, by, r.Event.PathParameters["reference"])
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return submissionResponse(ctx, sub, r.Lang)
}

func (s staffAPI) act(ctx context.Context, r httpedge.Request, by intake.Actor) (events.APIGatewayV2HTTPResponse, error) {
	version, err := ifMatch(r)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	cmd, err := readAction(r)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	sub, err := s.desk.Act(ctx, by, r.Event.PathParameters["reference"], version, cmd)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return submissionResponse(ctx, sub, r.Lang)
}

func (s staffAPI) figures(ctx context.Context, r httpedge.Request, by intake.Actor) (events.APIGatewayV2HTTPResponse, error) {
	f, err := s.desk.Figures(ctx, by)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return jsonResponse(http.StatusOK, figuresView(by.Agency, f, r.Lang)), nil
}

func (s staffAPI) audit(ctx context.Context, r httpedge.Request, by intake.Actor) (events.APIGatewayV2HTTPResponse, error) {
	entries, err := s.desk.AuditTrail(ctx, by, r.Event.PathParameters["reference"])
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	ref, _ := intake.NormalizeReference(r.Event.PathParameters["reference"])
	return jsonResponse(http.StatusOK, auditView(ref, entries)), nil
}

// submissionResponse is the whole submission with its version as ETag, for
// If-Match on the next action.
func submissionResponse(ctx context.Context, sub *intake.Submission, lang forms.Lang) (events.APIGatewayV2HTTPResponse, error) {
	v, err := submissionView(sub, lang)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	logging.From(ctx).WithFields(logrus.Fields{"reference": sub.Reference, "version": sub.Version}).Info("submission shown to staff")
	resp := jsonResponse(http.StatusOK, v)
	resp.Headers["ETag"] = etag(sub.Version)
	return resp, nil
}

func etag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// ifMatch reads the version an action was decided on. Without one the action
// is refused with 428, apart from a stale one (412): it would otherwise
// overwrite whatever happened since, unseen.
func ifMatch(r httpedge.Request) (int64, error) {
	h := strings.TrimSpace(r.Header("if-match"))
	if h == "" || h == "*" {
		return 0, apperr.ErrPreconditionRequired
	}
	v := strings.Trim(strings.TrimPrefix(h, "W/"), `"`)
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 {
		return 0, &apperr.InvalidError{Fields: []apperr.FieldError{{Field: "If-Match", Code: "invalid-format", Message: staffText("if-match", r.Lang)}}}
	}
	return n, nil
}
