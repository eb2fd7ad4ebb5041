package console

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/logging"
	"github.com/putuo-compliance/intake/shared/web"
)

type itemView struct {
	Reference string
	Action    string // the form posts here
	Kind      string
	Status    string
	Agency    string
	Urgent    bool
	Submitted string
	Updated   string
	Holder    string // who holds it and since when; "" when nobody does
	Answer    *intake.Answer
	Schedule  string
	Version   int64
	Moves     []moveView
	Sections  []sectionView // the form, as the firm filled it in
	History   []eventView
	Audit     []auditView // supervisors only; nil for others
	ShowAudit bool
	Redacted  string // when the personal data was removed (retention, or erasure); "" while it is kept
}

// sectionView is a part of the form: its catalog label and its answers.
type sectionView struct {
	Legend  string
	Answers []forms.Answer
}

type eventView struct {
	At       string
	Who      string
	What     string
	Note     string // what the firm was told (a rejection's reason)
	Internal string // what only staff see
	Public   bool
}

type auditView struct {
	At, Who, What string
	Reason        string // an erasure's
}

// item answers GET /staff/items/{reference}: the whole submission, which is
// an audited read (intake.Desk.Read), with the moves the staff member may make
// now.
func (c *console) item(ctx context.Context, q request) events.APIGatewayV2HTTPResponse {
	return c.itemPage(ctx, q, http.StatusOK, nil, nil)
}

// itemPage renders a submission's page, read now; posted is what a refused
// post asked for (kept in its form, its fault marked), banner why it was
// refused as a whole.
func (c *console) itemPage(ctx context.Context, q request, status int, posted *post, banner *string) events.APIGatewayV2HTTPResponse {
	sub, err := c.Desk.Read(ctx, q.by.Actor, q.Event.PathParameters["reference"])
	if err != nil {
		return c.problem(ctx, q.Request, &q.by, err)
	}
	logging.From(ctx).WithFields(map[string]any{"reference": sub.Reference, "version": sub.Version}).Info("submission shown to staff")
	v, err := c.itemView(ctx, q, sub, posted)
	if err != nil {
		return c.problem(ctx, q.Request, &q.by, err)
	}
	p := page{Title: sub.Reference, PageLang: web.PageLang{Self: itemPath(sub.Reference)}, Staff: q.by.view(q.Lang), Notice: c.notice(q), Content: v}
	if banner != nil {
		p.Notice = *banner
	}
	if posted != nil && len(posted.faults) > 0 {
		p.Errors = &errorSummary{Title: text("errors.title", q.Lang)}
		for _, f := range posted.faults {
			p.Errors.Links = append(p.Errors.Links, errorLink{Href: "#" + f.id, Message: f.message})
		}
	}
	return c.render(ctx, q.Request, status, "item", p)
}

func (c *console) itemView(ctx context.Context, q request, sub *intake.Submission, posted *post) (itemView, error) {
	lang, by := q.Lang, q.by
	v := itemView{
		Reference: sub.Reference, Action: web.Localized(itemPath(sub.Reference), lang),
		Kind: text("kind."+string(sub.Kind), lang), Status: sub.Status.Name().In(lang), Agency: agencyName(sub.Agency, lang),
		Urgent: sub.Urgent, Submitted: when(sub.SubmittedAt), Updated: when(sub.UpdatedAt), Answer: sub.Answer, Version: sub.Version,
	}
	if cl := sub.Claim; cl != nil {
		v.Holder = strings.NewReplacer("{who}", holder(cl.By, by, lang), "{since}", when(cl.Since)).Replace(text("item.held", lang))
	}
	if sc := sub.Schedule; sc != nil {
		v.Schedule = strings.TrimSuffix(when(sc.At)+" · "+sc.Place, " · ")
	}
	if sub.RedactedAt != nil {
		v.Redacted = strings.ReplaceAll(text("item.redacted", lang), "{at}", when(*sub.RedactedAt))
	}
	for _, a := range sub.Moves(by.Actor) {
		v.Moves = append(v.Moves, moveOf(a, sub, lang, posted))
	}
	answers, err := sub.Answers(lang) // none for a stub whose personal data is gone
	if err != nil {
		return itemView{}, err
	}
	for _, a := range answers {
		section, _, nested := strings.Cut(a.Path, ".")
		if !nested || len(v.Sections) == 0 || v.Sections[len(v.Sections)-1].Legend != sectionLabel(section, lang) {
			legend := sectionLabel(section, lang)
			if !nested {
				legend = ""
			}
			v.Sections = append(v.Sections, sectionView{Legend: legend})
		}
		last := &v.Sections[len(v.Sections)-1]
		last.Answers = append(last.Answers, a)
	}
	for _, e := range sub.History {
		v.History = append(v.History, eventOf(e, by, lang))
	}
	if by.Supervisor {
		trail, err := c.Desk.AuditTrail(ctx, by.Actor, sub.Reference)
		if err != nil {
			return itemView{}, err
		}
		v.ShowAudit = true
		for _, e := range trail {
			v.Audit = append(v.Audit, auditView{At: when(e.At), Who: holder(e.Actor, by, lang), What: auditText(e.Action, lang), Reason: e.Reason})
		}
	}
	return v, nil
}

// sectionLabel is a form section's label from the catalog.
func sectionLabel(path string, lang forms.Lang) string {
	f, _ := forms.Lookup(path)
	return f.Label.In(lang)
}

func eventOf(e intake.Event, by staff, lang forms.Lang) eventView {
	ev := eventView{At: when(e.At), Who: holder(e.Actor, by, lang), Note: e.Note, Internal: e.Internal, Public: e.Public}
	what := text("event.received", lang)
	if e.Action != "" {
		what = strings.NewReplacer("{from}", e.From.Name().In(lang), "{to}", e.To.Name().In(lang)).
			Replace(text("event.moved", lang))
		what = actionName(e.Action, lang) + " · " + what
	}
	if e.Action == intake.ActionTransfer {
		what += " · " + agencyName(e.Agency, lang)
	}
	ev.What = what
	return ev
}

// auditText is an audit entry's action in words.
func auditText(action string, lang forms.Lang) string {
	if action == intake.AuditRead || action == intake.AuditExport {
		return text("audit."+action, lang)
	}
	return actionName(intake.Action(action), lang)
}

func actionName(a intake.Action, lang forms.Lang) string { return text("action."+string(a), lang) }

// act answers POST /staff/items/{reference}: one move, decided on the
// version the page showed (its hidden field, the If-Match of a form). A move
// refused for its inputs shows the page again with the fields marked; one
// refused because the submission changed meanwhile, or no longer allows it,
// shows the page as it is now, with why, and nothing written.
func (c *console) act(ctx context.Context, q request) events.APIGatewayV2HTTPResponse {
	ref := q.Event.PathParameters["reference"]
	p := readPost(q.form, q.Lang)
	if p.action == "" {
		return c.problem(ctx, q.Request, &q.by, &apperr.InvalidError{Fields: []apperr.FieldError{{Field: "action", Code: forms.CodeNotAllowed}}})
	}
	if len(p.faults) > 0 {
		return c.itemPage(ctx, q, http.StatusUnprocessableEntity, &p, nil)
	}
	var sub *intake.Submission
	var err error
	if p.action == intake.ActionClaim {
		sub, err = c.Desk.ClaimReference(ctx, q.by.Actor, ref)
	} else {
		sub, err = c.Desk.Act(ctx, q.by.Actor, ref, p.version, p.command)
	}
	var stale *intake.StaleError
	var refused *intake.TransitionError
	switch {
	case errors.As(err, &stale):
		banner := strings.ReplaceAll(text("item.stale", q.Lang), "{action}", actionName(p.action, q.Lang))
		return c.itemPage(ctx, q, http.StatusConflict, &p, &banner)
	case errors.As(err, &refused) && errors.Is(err, apperr.ErrInvalid):
		p.refused(refused.Field, refused.Code, q.Lang)
		return c.itemPage(ctx, q, http.StatusUnprocessableEntity, &p, nil)
	case errors.As(err, &refused):
		// Not allowed now, by this actor or from this status: someone moved it
		// on, or the page was forged. The page as it is says what is possible.
		banner := strings.ReplaceAll(text("item.refused", q.Lang), "{action}", actionName(p.action, q.Lang))
		return c.itemPage(ctx, q, httpedge.Report(ctx, err).PageStatus, nil, &banner)
	case err != nil:
		return c.problem(ctx, q.Request, &q.by, err)
	}
	if sub.Agency != q.by.Agency { // transferred: no longer theirs to see
		return redirect(q.Request, "/staff?done=transfer&ref="+sub.Reference+"&to="+string(sub.Agency))
	}
	return redirect(q.Request, itemPath(sub.Reference)+"?done="+string(p.action))
}

// post is a move as the item page posted it.
type post struct {
	action  intake.Action
	version int64
	command intake.Command
	values  url.Values
	faults  []fault // what is wrong with its fields, in the form's order
}

type fault struct {
	id      string // the field's id on the page
	message string
}

// staffMoves are the moves the item page posts; dispatch is the system's.
var staffMoves = []intake.Action{intake.ActionClaim, intake.ActionAnswer, intake.ActionSchedule, intake.ActionTransfer,
	intake.ActionReject, intake.ActionRelease, intake.ActionClose, intake.ActionNote, intake.ActionErase}

// readPost reads a move's fields. Only what the page can check alone is
// checked here (a date's format); the rest is the lifecycle's (Apply), whose
// refusal marks the field it names.
func readPost(form url.Values, lang forms.Lang) post {
	p := post{action: intake.Action(form.Get("action")), values: form}
	if !slices.Contains(staffMoves, p.action) {
		return post{}
	}
	p.version, _ = strconv.ParseInt(form.Get("version"), 10, 64)
	p.command = intake.Command{Action: p.action, Note: form.Get("note")}
	switch p.action {
	case intake.ActionAnswer:
		p.command.Answer = &intake.Answer{Public: form.Get("public"), Internal: form.Get("internal")}
	case intake.ActionTransfer:
		p.command.Agency = agency.Code(form.Get("agency"))
	case intake.ActionSchedule:
		date, clock := strings.TrimSpace(form.Get("date")), strings.TrimSpace(form.Get("time"))
		at, err := time.ParseInLocation("2006-01-02 15:04", date+" "+clock, shanghai)
		switch {
		case date == "":
			p.fault("schedule-date", faultText(p.action, "date", forms.CodeRequired, lang))
		case clock == "":
			p.fault("schedule-time", faultText(p.action, "time", forms.CodeRequired, lang))
		case err != nil:
			p.fault("schedule-date", faultText(p.action, "date", forms.CodeInvalidFormat, lang))
		default:
			p.command.Schedule = &intake.Schedule{At: at, Place: strings.TrimSpace(form.Get("place"))}
		}
	}
	return p
}

func (p *post) fault(id, message string) {
	p.faults = append(p.faults, fault{id: id, message: message})
}

// refused marks the field that the lifecycle's refusal names (a Command
// field: "note", "answer", "schedule", "agency") with the words for its code.
func (p *post) refused(field, code string, lang forms.Lang) {
	input := map[string]string{"answer": "public", "schedule": "date"}[field]
	if input == "" {
		input = field
	}
	p.fault(string(p.action)+"-"+input, faultText(p.action, input, code, lang))
}
