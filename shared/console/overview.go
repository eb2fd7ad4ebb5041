package console

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/logging"
	"github.com/putuo-compliance/intake/shared/web"
)

// waitingShown is how many waiting submissions the overview lists.
const waitingShown = 20

type overviewView struct {
	Heading   string
	Counts    []countView
	Oldest    string // how long the oldest waiting submission has waited; "" when none
	Median    string // the median time to a first answer over intake.AnswerWindow; "" when none
	Answered  int
	Waiting   []rowView // in the order Take next takes them
	Filters   []filterView
	Filter    string // the list's status, in words; "" for all
	Items     []rowView
	NextPage  string // the next page's href; "" on the last
	FirstPage string // the first page's href, when not on it
}

type countView struct {
	Status string
	N      int
	Href   string
}

type filterView struct {
	Label   string
	Href    string
	Current bool
}

// rowView is a submission in a list.
type rowView struct {
	Reference string
	Href      string
	Kind      string
	Status    string
	Urgent    bool
	Submitted string
	Updated   string
	Waited    string
	Holder    string // "" when nobody holds it
}

// overview answers GET /staff[?status=&cursor=]: the agency's figures, the
// worklist with Take next, and its submissions by status, a page at a time.
func (c *console) overview(ctx context.Context, q request) events.APIGatewayV2HTTPResponse {
	lang, by := q.Lang, q.by
	status := intake.Status(q.Event.QueryStringParameters["status"])
	cursor := q.Event.QueryStringParameters["cursor"]
	f, err := c.Desk.Figures(ctx, by.Actor)
	if err != nil {
		return c.problem(ctx, q.Request, &by, err)
	}
	waiting, err := c.Desk.Waiting(ctx, by.Actor, waitingShown)
	if err != nil {
		return c.problem(ctx, q.Request, &by, err)
	}
	list, err := c.Desk.List(ctx, by.Actor, intake.ListQuery{Status: status, Cursor: cursor})
	if err != nil {
		return c.problem(ctx, q.Request, &by, err)
	}
	now := c.Now()
	v := overviewView{
		Heading:  strings.ReplaceAll(text("overview.title", lang), "{agency}", agencyName(by.Agency, lang)),
		Answered: f.Answered,
	}
	for _, st := range intake.Statuses() {
		v.Counts = append(v.Counts, countView{Status: st.Name().In(lang), N: f.Counts[st], Href: listHref(st, "")})
	}
	if f.OldestWaiting != nil {
		v.Oldest = age(now.Sub(*f.OldestWaiting), lang)
	}
	if f.MedianFirstAnswer != nil {
		v.Median = age(*f.MedianFirstAnswer, lang)
	}
	for _, s := range waiting {
		row := c.row(s, by, lang)
		row.Waited = age(now.Sub(s.SubmittedAt), lang)
		v.Waiting = append(v.Waiting, row)
	}
	v.Filters = append(v.Filters, filterView{Label: text("overview.all", lang), Href: listHref("", ""), Current: status == ""})
	for _, st := range intake.Statuses() {
		v.Filters = append(v.Filters, filterView{Label: st.Name().In(lang), Href: listHref(st, ""), Current: st == status})
		if st == status {
			v.Filter = st.Name().In(lang)
		}
	}
	for _, s := range list.Items {
		v.Items = append(v.Items, c.row(s, by, lang))
	}
	if list.Cursor != "" {
		v.NextPage = listHref(status, list.Cursor)
	}
	if cursor != "" {
		v.FirstPage = listHref(status, "")
	}
	p := page{Title: v.Heading, PageLang: web.PageLang{Self: listHref(status, cursor)}, Staff: by.view(lang), Notice: c.notice(q), Content: v}
	return c.render(ctx, q.Request, http.StatusOK, "overview", p)
}

// listHref is the overview listing status ("" all) from cursor.
func listHref(status intake.Status, cursor string) string {
	v := url.Values{}
	if status != "" {
		v.Set("status", string(status))
	}
	if cursor != "" {
		v.Set("cursor", cursor)
	}
	if len(v) == 0 {
		return "/staff"
	}
	return "/staff?" + v.Encode()
}

func (c *console) row(s intake.Summary, by staff, lang forms.Lang) rowView {
	r := rowView{
		Reference: s.Reference, Href: itemPath(s.Reference), Kind: text("kind."+string(s.Kind), lang),
		Status: s.Status.Name().In(lang), Urgent: s.Urgent, Submitted: when(s.SubmittedAt), Updated: when(s.UpdatedAt),
	}
	if s.Claim != nil {
		r.Holder = holder(s.Claim.By, by, lang)
	}
	return r
}

func itemPath(reference string) string { return "/staff/items/" + reference }

// holder names who holds a claim: "you", or a colleague by the start of their
// id (the console knows staff by their token's subject only).
func holder(id string, by staff, lang forms.Lang) string {
	switch id {
	case "":
		return "—" // removed with the personal data
	case by.ID:
		return text("you", lang)
	case intake.ActorSystem:
		return text("system", lang)
	}
	return strings.ReplaceAll(text("colleague", lang), "{id}", id[:min(8, len(id))])
}

// takeNext answers POST /staff/take: the next waiting submission (urgent
// first, then oldest) is the staff member's, and its page opens.
func (c *console) takeNext(ctx context.Context, q request) events.APIGatewayV2HTTPResponse {
	sub, err := c.Desk.Claim(ctx, q.by.Actor)
	if errors.Is(err, intake.ErrNothingWaiting) {
		return redirect(q.Request, "/staff?done=none")
	}
	if err != nil {
		return c.problem(ctx, q.Request, &q.by, err)
	}
	logging.From(ctx).WithField("reference", sub.Reference).Info("staff took the next submission")
	return redirect(q.Request, itemPath(sub.Reference)+"?done=claim")
}

// notice is the banner of what the last post did (?done=), in words.
func (c *console) notice(q request) string {
	qs := q.Event.QueryStringParameters
	done := qs["done"]
	if done == "" || text("done."+done, q.Lang) == "done."+done {
		return ""
	}
	msg := text("done."+done, q.Lang)
	if ref, ok := intake.NormalizeReference(qs["ref"]); ok {
		msg = strings.ReplaceAll(msg, "{ref}", ref)
	}
	if _, ok := agency.Lookup(agency.Code(qs["to"])); ok {
		msg = strings.ReplaceAll(msg, "{agency}", agencyName(agency.Code(qs["to"]), q.Lang))
	}
	return msg
}

// age writes a duration as staff read it: minutes, hours and minutes, or days
// and hours.
func age(d time.Duration, lang forms.Lang) string {
	d = max(d, 0)
	m := int(d.Minutes())
	a, b, key := m/60, m%60, "age.hm"
	switch {
	case d < time.Hour:
		a, key = m, "age.m"
	case d >= 48*time.Hour:
		a, b, key = m/(24*60), m/60%24, "age.dh"
	}
	return strings.NewReplacer("{a}", strconv.Itoa(a), "{b}", strconv.Itoa(b)).Replace(text(key, lang))
}
