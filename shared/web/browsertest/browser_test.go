package browsertest_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

const badCreditCode = "91310107MA1G8K3Q34" // wrong check character

var referencePattern = regexp.MustCompile(`^[CT]-[0-9A-Z]{4}-[0-9A-Z]{4}$`)

// journey is one firm sending one form: a bad credit code first, then the fix,
// the check page, a change link, sending, the e-mail and the status page.
type journey struct {
	name        string
	lang        string
	form        string // "consultation" or "training"
	fill        fill
	description string // must not reach the e-mail
	wantAgency  string
	wantError   string // the credit code's error message
	wantCheck   string // a heading of the check page
	wantStatus  string
}

func TestJourneys(t *testing.T) {
	journeys := []journey{
		{
			name: "consultation-zh", lang: "zh-CN", form: "consultation",
			fill: fill{
				types: map[string]string{
					"f-company-name": "上海某网络科技有限公司", "f-company-creditCode": badCreditCode,
					"f-contact-name": "张三", "f-contact-title": "法务总监", "f-contact-mobile": "13812345678", "f-contact-email": "legal@example.com",
					"f-incident-occurredOn": day(-10), "f-incident-discoveredOn": day(-8),
					"f-incident-title": "客服系统被冒用", "f-incident-description": "诈骗团伙冒充我司客服骗取用户钱款。",
					"f-incident-estimatedLossCny": "120,000", "f-incident-questions": "企业是否需要承担责任？",
				},
				clicks: []string{"f-consent-accepted", "f-incident-role-victim", "f-incident-category-online-fraud",
					"f-incident-reportedToPolice-false", "f-incident-measures-none", "f-incident-operationsImpact-minor", "f-incident-urgency-normal"},
				selects: map[string]string{"f-company-industry": "gaming"},
			},
			description: "诈骗团伙冒充我司客服", wantAgency: "普陀公安分局",
			wantError: "校验位不正确", wantCheck: "提交前请核对您的回答", wantStatus: "等待受理",
		},
		{
			name: "training-en", lang: "en", form: "training",
			fill: fill{
				types: map[string]string{
					"f-company-name": "Shanghai Example Network Technology Co., Ltd.", "f-company-creditCode": badCreditCode,
					"f-contact-name": "Li Si", "f-contact-landline": "021-12345678-801", "f-contact-email": "training@example.com",
					"f-training-preferredDates-1": day(14), "f-training-preferredDates-2": day(21),
					"f-training-attendees": "40", "f-training-notes": "Please cover phishing of our customer-service staff.",
				},
				clicks: []string{"f-consent-accepted", "f-training-topics-anti-fraud", "f-training-topics-cybersecurity",
					"f-training-format-online", "f-training-audience-legal-compliance", "f-training-audience-engineering"},
				selects: map[string]string{"f-company-industry": "fintech", "f-training-primaryTopic": "anti-fraud"},
			},
			description: "phishing of our customer-service staff", wantAgency: "Putuo Public Security Sub-bureau",
			wantError: "fails its check character", wantCheck: "Check your answers before sending", wantStatus: "Waiting for the agency",
		},
	}
	for _, j := range journeys {
		t.Run(j.name, func(t *testing.T) {
			t.Parallel()
			j.run(t)
		})
	}
}

func (j journey) run(t *testing.T) {
	ctx := tab(t)
	run(t, ctx, chromedp.Navigate(baseURL+"/?lang="+j.lang), chromedp.WaitVisible(chromedp.CSS("h1")))
	shot(t, ctx, j.name+"-1-home")
	if j.form == "consultation" {
		narrow(t, ctx, j.name+"-1-home")
	}
	run(t, ctx, chromedp.Click(chromedp.CSS(`a[href^="/`+j.form+`"]`)), chromedp.WaitVisible(chromedp.CSS("#continue")))
	j.fill.do(t, ctx)
	run(t, ctx, chromedp.Click(chromedp.CSS("#continue")), chromedp.WaitVisible(chromedp.CSS(".error-summary")))

	// The error summary has focus, links to the field, and the field says why.
	if id, cls := activeID(t, ctx), activeClass(t, ctx); !strings.Contains(cls, "error-summary") {
		t.Errorf("focus on #%s.%s, want the error summary", id, cls)
	}
	if msg := text(t, ctx, "#f-company-creditCode-error"); !strings.Contains(msg, j.wantError) {
		t.Errorf("credit code error %q, want %q", msg, j.wantError)
	}
	invalid := get(t, ctx, chromedp.AttributeValue(chromedp.ID("f-company-creditCode"), "aria-invalid")).Value
	describedBy := get(t, ctx, chromedp.AttributeValue(chromedp.ID("f-company-creditCode"), "aria-describedby")).Value
	if invalid != "true" || !strings.Contains(describedBy, "f-company-creditCode-error") {
		t.Errorf("aria-invalid %q, aria-describedby %q", invalid, describedBy)
	}
	kept := get(t, ctx, chromedp.Value(chromedp.ID("f-company-name")))
	if kept == "" {
		t.Error("the company name was lost")
	}
	shot(t, ctx, j.name+"-2-errors")
	view(t, ctx, j.name+"-2-errors-top")
	if j.form == "consultation" {
		narrow(t, ctx, j.name+"-2-errors")
	}

	// Follow the summary's link to the field and correct it.
	run(t, ctx, chromedp.Click(chromedp.CSS(`.error-summary a[href="#f-company-creditCode"]`)))
	if id := activeID(t, ctx); id != "f-company-creditCode" {
		t.Errorf("the error link focused #%s", id)
	}
	fill{types: map[string]string{"f-company-creditCode": "91310107MA1FL5TB5K"}, replace: true}.do(t, ctx)
	run(t, ctx, chromedp.Click(chromedp.CSS("#continue")), chromedp.WaitVisible(chromedp.CSS("#send")))
	if h := text(t, ctx, "h1"); h != j.wantCheck {
		t.Fatalf("after correcting: h1 %q, want the check page", h)
	}
	shot(t, ctx, j.name+"-3-check")

	// A change link goes back to the field, with every answer kept.
	run(t, ctx, chromedp.Click(chromedp.CSS(`button[name="edit"][value="contact.email"]`)), chromedp.WaitVisible(chromedp.CSS("#continue")))
	if id := activeID(t, ctx); id != "f-contact-email" {
		t.Errorf("change link focused #%s, want the e-mail", id)
	}
	run(t, ctx, chromedp.Click(chromedp.CSS("#continue")), chromedp.WaitVisible(chromedp.CSS("#send")))

	run(t, ctx, chromedp.Click(chromedp.CSS("#send")), chromedp.WaitVisible(chromedp.CSS("#reference")))
	ref, token := text(t, ctx, "#reference"), text(t, ctx, "#status-token")
	if !referencePattern.MatchString(ref) || len(token) < 22 {
		t.Fatalf("confirmation shows %q, token %q", ref, token)
	}
	if body := text(t, ctx, "main"); !strings.Contains(body, j.wantAgency) {
		t.Errorf("confirmation does not name %s", j.wantAgency)
	}
	shot(t, ctx, j.name+"-4-confirmation")
	if j.form == "consultation" {
		narrow(t, ctx, j.name+"-4-confirmation")
	}

	mails := sentMail(t, ref)
	if len(mails) != 1 {
		t.Fatalf("%d e-mails mention %s, want 1", len(mails), ref)
	}
	if strings.Contains(mails[0], j.description) || strings.Contains(mails[0], token) || !strings.Contains(mails[0], j.wantAgency) {
		t.Errorf("e-mail says too much or too little:\n%s", mails[0])
	}

	run(t, ctx,
		chromedp.Navigate(baseURL+"/status?lang="+j.lang), chromedp.WaitVisible(chromedp.CSS("#lookup")),
		chromedp.SendKeys(chromedp.CSS("#f-reference"), ref),
		chromedp.SendKeys(chromedp.CSS("#f-token"), token),
		chromedp.Click(chromedp.CSS("#lookup")),
		chromedp.WaitVisible(chromedp.CSS("#status-now")),
	)
	if s, a := text(t, ctx, "#status-now"), text(t, ctx, "#status-agency"); s != j.wantStatus || a != j.wantAgency {
		t.Errorf("status %q, agency %q; want %q, %q", s, a, j.wantStatus, j.wantAgency)
	}
	location := get(t, ctx, chromedp.Location())
	if strings.Contains(location, token) {
		t.Errorf("the token is in the URL %s", location)
	}
	shot(t, ctx, j.name+"-5-status")
}

// TestKeyboardOnly sends a consultation with the keyboard alone: Tab to each
// control, type, Space for choices, arrows within a radio group, Enter to submit.
func TestKeyboardOnly(t *testing.T) {
	t.Parallel()
	ctx := tab(t)
	run(t, ctx, chromedp.Navigate(baseURL+"/consultation?lang=en"), chromedp.WaitVisible(chromedp.CSS("#continue")))
	press(t, ctx, kb.Tab)
	if id := activeID(t, ctx); id != "skip" {
		t.Errorf("first Tab reached #%s, want the skip link", id)
	}
	steps := []struct {
		id   string
		keys string
	}{
		{"f-company-name", "Example Network Co."},
		{"f-company-creditCode", "9144030071526726XG"},
		{"f-company-industry", "Software"}, // type-ahead in a closed select
		{"f-contact-name", "Wang Wu"},
		{"f-contact-mobile", "13912345678"},
		{"f-contact-email", "wang@example.com"},
		{"f-consent-accepted", " "},
		{"f-incident-role-victim", " "},
		{"f-incident-category-employee-misconduct", kb.ArrowDown}, // moves to, and picks, data leak
		{"f-incident-occurredOn", day(-30)},
		{"f-incident-discoveredOn", day(-20)},
		{"f-incident-title", "Customer data copied by a former employee"},
		{"f-incident-description", "A former engineer copied customer records before leaving."},
		{"f-incident-reportedToPolice-true", " "},
		{"f-incident-policeCaseNumber", "SH-2026-0042"},
		{"f-incident-measures-none", " "},
		{"f-incident-operationsImpact-none", " "},
		{"f-incident-estimatedLossCny", "0"},
		{"f-incident-urgency-normal", " "},
		{"f-incident-questions", "Must we notify the affected customers?"},
	}
	for _, s := range steps {
		tabTo(t, ctx, s.id)
		press(t, ctx, s.keys)
	}
	industry := get(t, ctx, chromedp.Value(chromedp.ID("f-company-industry")))
	if industry != "software-cloud" {
		t.Errorf("industry %q after typing", industry)
	}
	tabTo(t, ctx, "continue")
	press(t, ctx, kb.Enter)
	run(t, ctx, chromedp.WaitVisible(chromedp.CSS("#send")))
	if h := text(t, ctx, "h1"); h != "Check your answers before sending" {
		t.Fatalf("h1 %q; the form had errors: %s", h, text(t, ctx, "main"))
	}
	tabTo(t, ctx, "send")
	press(t, ctx, kb.Enter)
	run(t, ctx, chromedp.WaitVisible(chromedp.CSS("#reference")))
	if ref := text(t, ctx, "#reference"); !referencePattern.MatchString(ref) {
		t.Fatalf("reference %q", ref)
	}
	// A data leak already reported to the police: the procuratorate (routing rule 2).
	if body := text(t, ctx, "main"); !strings.Contains(body, "Putuo District People's Procuratorate") {
		t.Errorf("confirmation: %s", body)
	}
	shot(t, ctx, "keyboard-confirmation")
}
