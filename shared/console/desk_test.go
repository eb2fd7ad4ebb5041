package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
)

// The overview: figures, the worklist urgent first then oldest with the urgent
// flagged, Take next, and the agency's items by status a page at a time.
func TestOverview(t *testing.T) {
	w := newWorld(t)
	old := w.waiting(false, 3*time.Hour)
	urgent := w.waiting(true, time.Hour)
	b := w.signedIn(psStaff)
	page := b.get("/staff")
	body := main(page)
	if page.StatusCode != 200 {
		t.Fatalf("%d\n%s", page.StatusCode, body)
	}
	waiting := body[strings.Index(body, `id="waiting"`):]
	if i, j := strings.Index(waiting, urgent.Reference), strings.Index(waiting, old.Reference); i < 0 || j < 0 || i > j {
		t.Errorf("waiting list not urgent first, then oldest:\n%s", waiting)
	}
	if !strings.Contains(waiting, `tag-urgent`) {
		t.Error("the urgent item is not flagged")
	}
	if !strings.Contains(body, "3 小时 0 分钟") {
		t.Errorf("the oldest waiting age is not shown:\n%s", body)
	}
	// Take next takes the urgent one.
	resp := b.post("/staff/take", url.Values{})
	if resp.StatusCode != http.StatusSeeOther || resp.Headers["Location"] != "/staff/items/"+urgent.Reference+"?done=claim&lang=zh-CN" {
		t.Fatalf("take next: %d %v", resp.StatusCode, resp.Headers)
	}
	if got := w.get(urgent.Reference); got.Status != intake.StatusInReview || got.Claim.By != psStaff.Sub {
		t.Errorf("after take next: %s, %+v", got.Status, got.Claim)
	}
	b.post("/staff/take", url.Values{})
	resp = b.post("/staff/take", url.Values{})
	if resp.Headers["Location"] != "/staff?done=none&lang=zh-CN" {
		t.Errorf("take next with nothing waiting: %v", resp.Headers)
	}
	if p := b.get("/staff?done=none"); !strings.Contains(p.Body, `id="notice"`) {
		t.Error("no notice that nothing is waiting")
	}
	// By status: in review lists both, queued none.
	if p := main(b.get("/staff?status=in-review")); !strings.Contains(p, urgent.Reference) || !strings.Contains(p, old.Reference) {
		t.Errorf("in review:\n%s", p)
	}
	if p := main(b.get("/staff?status=queued")); strings.Contains(p, `id="items"`) {
		t.Errorf("queued lists items:\n%s", p)
	}
	for _, q := range []string{"?status=nonsense", "?cursor=not-a-cursor"} {
		if p := b.get("/staff" + q); p.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "无法读取提交的内容") {
			t.Errorf("%s: %d\n%s", q, p.StatusCode, main(p))
		}
	}
}

// The overview pages through the agency's items, 50 at a time.
func TestOverviewPages(t *testing.T) {
	w := newWorld(t)
	for i := range intake.PageSize + 3 {
		w.waiting(false, time.Duration(i+1)*time.Minute)
	}
	b := w.signedIn(psStaff)
	first := b.get("/staff")
	next := regexp.MustCompile(`id="next-page" href="([^"]+)"|href="([^"]+)" id="next-page"`).FindStringSubmatch(first.Body)
	if next == nil {
		t.Fatalf("no next page link:\n%s", main(first))
	}
	target := strings.ReplaceAll(next[1]+next[2], "&amp;", "&")
	second := b.get(target)
	if rows := strings.Count(main(second), `class="ref"`); second.StatusCode != 200 || !strings.Contains(second.Body, `id="first-page"`) || rows < 3 {
		t.Errorf("second page: %d, %d rows\n%s", second.StatusCode, rows, main(second))
	}
}

// The item page shows the whole form under the catalog's labels and option
// names, in the page's language, and its history; reading it is audited.
func TestItemShowsTheFormAsTheFirmSawIt(t *testing.T) {
	w := newWorld(t)
	sub := w.waiting(false, time.Hour)
	b := w.signedIn(psStaff)
	for _, lang := range []forms.Lang{forms.ZH, forms.EN} {
		b.lang = string(lang)
		page := b.get("/staff/items/" + sub.Reference)
		answers, err := forms.Answers(sub.Kind, sub.Form, lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range answers {
			if !strings.Contains(page.Body, "<dt>"+httpEscape(a.Label)+"</dt>") {
				t.Errorf("%s: no label %q", lang, a.Label)
			}
			if a.Text != "" && !strings.Contains(page.Body, httpEscape(a.Text)) {
				t.Errorf("%s: no answer %q for %s", lang, a.Text, a.Path)
			}
		}
		if !strings.Contains(page.Body, `id="history"`) {
			t.Errorf("%s: no history", lang)
		}
	}
	trail, _ := w.subs.AuditTrail(context.Background(), sub.Reference)
	if len(trail) != 2 || trail[0].Action != intake.AuditRead || trail[0].Actor != psStaff.Sub {
		t.Errorf("audit trail %+v, want two reads by %s", trail, psStaff.Sub)
	}
}

func httpEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

// The page offers exactly the moves the lifecycle allows the staff member now.
func TestItemOffersTheLifecycle(t *testing.T) {
	w := newWorld(t)
	queued := w.waiting(false, 2*time.Hour)
	held := w.waiting(false, time.Hour)
	holder := w.signedIn(psStaff)
	holder.act(held.Reference, url.Values{"action": {"claim"}})
	tests := []struct {
		name string
		b    *browser
		ref  string
	}{
		{"queued, any staff member", w.signedIn(psOther), queued.Reference},
		{"held, the holder", holder, held.Reference},
		{"held, a colleague", w.signedIn(psOther), held.Reference},
		{"held, a supervisor", w.signedIn(psSuper), held.Reference},
	}
	moves := regexp.MustCompile(`<div class="move" id="move-([a-z]+)">`)
	for _, tt := range tests {
		sub := w.get(tt.ref)
		by, err := httpedge.StaffClaims{}.Actor(map[string]string{"sub": subOf(tt.b), "custom:agency": "public-security", "cognito:groups": groupsOf(tt.b)})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, a := range sub.Moves(by) {
			want = append(want, string(a))
		}
		var got []string
		for _, m := range moves.FindAllStringSubmatch(tt.b.get("/staff/items/"+tt.ref).Body, -1) {
			got = append(got, m[1])
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: offers %v, the lifecycle allows %v", tt.name, got, want)
		}
	}
}

func subOf(b *browser) string {
	m := regexp.MustCompile(`<span id="who">([^<]+)</span>`).FindStringSubmatch(b.get("/staff").Body)
	for _, u := range []struct{ name, sub string }{{psStaff.Name, psStaff.Sub}, {psOther.Name, psOther.Sub}, {psSuper.Name, psSuper.Sub}} {
		if m != nil && m[1] == u.name {
			return u.sub
		}
	}
	return ""
}

func groupsOf(b *browser) string {
	if subOf(b) == psSuper.Sub {
		return "[staff supervisor]"
	}
	return "[staff]"
}

// Claim, answer: the firm sees the answer; the move is audited with the page
// views.
func TestAnswer(t *testing.T) {
	w := newWorld(t)
	b, sub := w.held(psStaff, false)
	resp := b.act(sub.Reference, url.Values{"action": {"answer"}, "public": {"请尽快报警并保全服务器日志。"}, "internal": {"已电话联系法务"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Headers["Location"] != "/staff/items/"+sub.Reference+"?done=answer&lang=zh-CN" {
		t.Fatalf("answer: %d %v\n%s", resp.StatusCode, resp.Headers, main(resp))
	}
	got := w.get(sub.Reference)
	view := httpedge.PublicView(got, forms.ZH)
	if got.Status != intake.StatusAnswered || view.Answer == nil || *view.Answer != "请尽快报警并保全服务器日志。" {
		t.Errorf("status %s, firm's answer %v", got.Status, view.Answer)
	}
	if page := b.get("/staff/items/" + sub.Reference + "?done=answer"); !strings.Contains(page.Body, "答复已发送") || !strings.Contains(page.Body, "已电话联系法务") {
		t.Errorf("the page after answering:\n%s", main(page))
	}
	if len(w.notifier.Changes) != 2 {
		t.Errorf("%d notices to the firm, want the claim's and the answer's", len(w.notifier.Changes))
	}
}

// A move refused for its inputs shows the page again with an error summary
// linking to each field at fault, the field marked, what was typed kept.
func TestMoveFieldErrors(t *testing.T) {
	w := newWorld(t)
	b, sub := w.held(psStaff, false)
	tests := []struct {
		name    string
		ref     string
		form    url.Values
		wantIDs []string
	}{
		{"an answer without its public part", sub.Reference, url.Values{"action": {"answer"}, "internal": {"kept text"}}, []string{"answer-public"}},
		{"a transfer without an agency", sub.Reference, url.Values{"action": {"transfer"}, "note": {"kept text"}}, []string{"transfer-agency"}},
		{"a transfer without a reason", sub.Reference, url.Values{"action": {"transfer"}, "agency": {"cyberspace"}}, []string{"transfer-note"}},
		{"a transfer to itself", sub.Reference, url.Values{"action": {"transfer"}, "agency": {"public-security"}, "note": {"kept text"}}, []string{"transfer-agency"}},
		{"a rejection without a reason", sub.Reference, url.Values{"action": {"reject"}}, []string{"reject-note"}},
		{"an empty note", sub.Reference, url.Values{"action": {"note"}, "note": {"  "}}, []string{"note-note"}},
		{"a note too long", sub.Reference, url.Values{"action": {"note"}, "note": {strings.Repeat("长", intake.MaxNote+1)}}, []string{"note-note"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := b.act(tt.ref, tt.form)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("%d\n%s", resp.StatusCode, main(resp))
			}
			for _, id := range tt.wantIDs {
				for _, want := range []string{`<a href="#` + id + `">`, `id="` + id + `-error"`, `id="` + id + `" name=`} {
					if !strings.Contains(resp.Body, want) {
						t.Errorf("no %s", want)
					}
				}
				field := resp.Body[strings.Index(resp.Body, `id="`+id+`" name=`):]
				if !strings.Contains(field[:strings.Index(field, ">")], `aria-invalid="true"`) || !strings.Contains(field[:strings.Index(field, ">")], id+"-error") {
					t.Errorf("the field is not marked: %.200s", field)
				}
			}
			if strings.Contains(tt.form.Get("note")+tt.form.Get("internal"), "kept text") && !strings.Contains(resp.Body, "kept text") {
				t.Error("what was typed is lost")
			}
			if got := w.get(tt.ref); got.Status != intake.StatusInReview || got.Version != 4 {
				t.Errorf("changed: %s v%d", got.Status, got.Version)
			}
		})
	}
}

// A training is scheduled with a date and a time in Beijing time; a bad one
// is marked.
func TestSchedule(t *testing.T) {
	w := newWorld(t)
	s := w.waiting(false, time.Hour)
	s.Kind = forms.KindTraining
	s.Form = []byte(`{"company":{"name":"上海某网络科技有限公司"},"training":{"topics":["anti-fraud"],"primaryTopic":"anti-fraud","format":"onsite"}}`)
	s.Reference = "T-2345-6789"
	if err := w.subs.Create(context.Background(), s, nil); err != nil {
		t.Fatal(err)
	}
	b := w.signedIn(psStaff)
	b.act(s.Reference, url.Values{"action": {"claim"}})
	tests := []struct {
		name       string
		date, time string
		want       int
		wantField  string
	}{
		{"no date", "", "09:30", http.StatusUnprocessableEntity, "schedule-date"},
		{"no time", "2026-12-20", "", http.StatusUnprocessableEntity, "schedule-time"},
		{"not a date", "20/12/2026", "09:30", http.StatusUnprocessableEntity, "schedule-date"},
		{"in the past", "2026-11-20", "09:30", http.StatusUnprocessableEntity, "schedule-date"},
		{"good", "2026-12-20", "09:30", http.StatusSeeOther, ""},
	}
	for _, tt := range tests {
		resp := b.act(s.Reference, url.Values{"action": {"schedule"}, "date": {tt.date}, "time": {tt.time}, "place": {"本分局 3 楼会议室"}})
		if resp.StatusCode != tt.want || tt.wantField != "" && !strings.Contains(resp.Body, `href="#`+tt.wantField+`"`) {
			t.Errorf("%s: %d, want %d marking %s\n%s", tt.name, resp.StatusCode, tt.want, tt.wantField, main(resp))
		}
	}
	got := w.get(s.Reference)
	if got.Status != intake.StatusScheduled || !got.Schedule.At.Equal(time.Date(2026, 12, 20, 1, 30, 0, 0, time.UTC)) {
		t.Errorf("%s at %v", got.Status, got.Schedule)
	}
}

// A stale page: someone else acted after the page was read, so the move is
// refused with a clear message, nothing is overwritten, and what was typed is
// kept.
func TestStalePage(t *testing.T) {
	w := newWorld(t)
	holder, sub := w.held(psStaff, false)
	page := holder.get("/staff/items/" + sub.Reference)
	version := versionPattern.FindStringSubmatch(page.Body)[1]

	super := w.signedIn(psSuper)
	if resp := super.act(sub.Reference, url.Values{"action": {"release"}, "note": {"on leave"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the supervisor's release: %d\n%s", resp.StatusCode, main(resp))
	}
	resp := holder.post("/staff/items/"+sub.Reference, url.Values{"action": {"answer"}, "version": {version}, "public": {"my typed answer"}})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(resp.Body, "已被他人更改") {
		t.Fatalf("a stale answer: %d\n%s", resp.StatusCode, main(resp))
	}
	if got := w.get(sub.Reference); got.Status != intake.StatusQueued || got.Answer != nil {
		t.Errorf("overwritten: %s, %+v", got.Status, got.Answer)
	}
	// The page is as it is now: queued, to claim again, not to answer.
	if strings.Contains(resp.Body, `id="move-answer"`) || !strings.Contains(resp.Body, `id="move-claim"`) {
		t.Errorf("the page offers the old moves:\n%s", main(resp))
	}
	// A forged version is stale too.
	holder.act(sub.Reference, url.Values{"action": {"claim"}})
	if resp := holder.post("/staff/items/"+sub.Reference, url.Values{"action": {"answer"}, "version": {"1"}, "public": {"x"}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("an old version: %d", resp.StatusCode)
	}
}

// Supervisors see the audit trail, release anyone's claim (TestStalePage) and
// erase a submission's personal data on request: the page then shows the
// stub, without the form, and the audit trail keeps the reason. Staff see no
// trail and are not offered the erasure.
func TestSupervisor(t *testing.T) {
	w := newWorld(t)
	holder, sub := w.held(psStaff, false)
	if page := holder.get("/staff/items/" + sub.Reference); strings.Contains(page.Body, `id="audit"`) || strings.Contains(page.Body, `id="move-erase"`) {
		t.Error("staff see the audit trail or are offered the erasure")
	}
	super := w.signedIn(psSuper)
	page := super.get("/staff/items/" + sub.Reference)
	audit := page.Body[strings.Index(page.Body, `id="audit"`):]
	for _, want := range []string{"查阅", "认领", "工作人员 1111aaaa", "您"} {
		if !strings.Contains(audit, want) {
			t.Errorf("the audit trail lacks %q:\n%.2000s", want, audit)
		}
	}
	if resp := super.act(sub.Reference, url.Values{"action": {"erase"}}); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(resp.Body, `href="#erase-note"`) {
		t.Fatalf("an erasure without its reason: %d\n%s", resp.StatusCode, main(resp))
	}
	resp := super.act(sub.Reference, url.Values{"action": {"erase"}, "note": {"本人 12 月 1 日来电要求删除"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Headers["Location"] != "/staff/items/"+sub.Reference+"?done=erase&lang=zh-CN" {
		t.Fatalf("erase: %d %v\n%s", resp.StatusCode, resp.Headers, main(resp))
	}
	page = super.get("/staff/items/" + sub.Reference)
	for _, want := range []string{`id="item-redacted"`, "个人信息已删除", "本人 12 月 1 日来电要求删除"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the stub's page lacks %q", want)
		}
	}
	for _, gone := range []string{"上海某网络科技有限公司", "张三", "13812345678"} {
		if strings.Contains(page.Body, gone) {
			t.Errorf("the stub's page still shows %q", gone)
		}
	}
	if got := w.get(sub.Reference); got.Status != intake.StatusErased {
		t.Errorf("status %s", got.Status)
	}
}

// Export: the agency's submissions of those days as CSV with a BOM, each
// export in the audit trail; bad days are marked on the form.
func TestExport(t *testing.T) {
	w := newWorld(t)
	ours := w.waiting(false, time.Hour)
	theirs := w.waiting(false, time.Hour)
	cy := w.signedIn(cyStaff)
	ps := w.signedIn(psStaff)
	ps.act(theirs.Reference, url.Values{"action": {"claim"}})
	ps.act(theirs.Reference, url.Values{"action": {"transfer"}, "agency": {"cyberspace"}, "note": {"网信办办理"}})

	form := ps.get("/staff/export")
	if !strings.Contains(form.Body, `value="2026-12-01"`) {
		t.Errorf("no default days:\n%s", main(form))
	}
	resp := ps.post("/staff/export", url.Values{"from": {"2026-11-01"}, "to": {"2026-12-01"}})
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Body, "\ufeff") || resp.Headers["Content-Type"] != "text/csv; charset=utf-8" ||
		resp.Headers["Content-Disposition"] != `attachment; filename="public-security-2026-11-01-2026-12-01.csv"` {
		t.Fatalf("export: %d %v %.100q", resp.StatusCode, resp.Headers, resp.Body)
	}
	if !strings.Contains(resp.Body, ours.Reference) || strings.Contains(resp.Body, theirs.Reference) {
		t.Errorf("the CSV holds another agency's or lacks its own:\n%s", resp.Body)
	}
	trail, _ := w.subs.AuditTrail(context.Background(), ours.Reference)
	if !slices.ContainsFunc(trail, func(e intake.AuditEntry) bool { return e.Action == intake.AuditExport && e.Actor == psStaff.Sub }) {
		t.Errorf("no export in the audit trail: %+v", trail)
	}
	if got := cy.post("/staff/export", url.Values{"from": {"2026-11-01"}, "to": {"2026-12-01"}}); !strings.Contains(got.Body, theirs.Reference) || strings.Contains(got.Body, ours.Reference) {
		t.Errorf("cyberspace's export:\n%s", got.Body)
	}
	tests := []struct {
		name, from, to string
		wantField      string
	}{
		{"missing", "", "2026-12-01", "export-from"},
		{"malformed", "2026-11-01", "1/12/2026", "export-to"},
		{"backwards", "2026-12-01", "2026-11-01", "export-to"},
	}
	for _, tt := range tests {
		resp := ps.post("/staff/export", url.Values{"from": {tt.from}, "to": {tt.to}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(resp.Body, `href="#`+tt.wantField+`"`) {
			t.Errorf("%s: %d\n%s", tt.name, resp.StatusCode, main(resp))
		}
	}
}

// A transfer leaves the old agency's sight: the page says where it went.
func TestTransfer(t *testing.T) {
	w := newWorld(t)
	ps, sub := w.held(psStaff, false)
	resp := ps.act(sub.Reference, url.Values{"action": {"transfer"}, "agency": {"cyberspace"}, "note": {"数据泄露，由网信办办理"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Headers["Location"], "/staff?done=transfer&ref="+sub.Reference+"&to=cyberspace") {
		t.Fatalf("transfer: %d %v\n%s", resp.StatusCode, resp.Headers, main(resp))
	}
	if page := ps.get(resp.Headers["Location"]); !strings.Contains(page.Body, sub.Reference+" 已转交普陀区委网信办") {
		t.Errorf("no notice of the transfer:\n%s", main(page))
	}
	if page := ps.get("/staff/items/" + sub.Reference); page.StatusCode != http.StatusNotFound {
		t.Errorf("the old agency still sees it: %d", page.StatusCode)
	}
	if got := w.get(sub.Reference); got.Agency != agency.Cyberspace || got.Status != intake.StatusQueued {
		t.Errorf("after the transfer: %s %s", got.Agency, got.Status)
	}
}
