package browsertest_test

// The staff console in a real browser, on the whole local stack with moto's
// Cognito: the staff flow from sign-in to sign-out in both languages, the
// keyboard alone, a first login's new password, and the accessibility checks
// of the firm pages. Each staff member has a browser context of their own, so
// their cookies never meet.

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	ciptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/putuo-compliance/intake/infra/local/demostaff"
	"github.com/putuo-compliance/intake/infra/local/devstack"
	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
)

// The console's words the tests look for, by language.
var consoleWords = map[string]map[string]string{
	"zh-CN": {"answered": "已答复", "psWorklist": "普陀公安分局 · 待办事项", "cyWorklist": "普陀区委网信办 · 待办事项",
		"signedOut": "您已退出登录", "transferred": "已转交普陀区委网信办", "notFound": "本机关没有该事项", "answerRequired": "请填写给企业的答复"},
	"en": {"answered": "Answered", "psWorklist": "Putuo Public Security Sub-bureau: worklist", "cyWorklist": "Putuo Cyberspace Affairs Office: worklist",
		"signedOut": "You have signed out", "transferred": "is transferred to Putuo Cyberspace Affairs Office", "notFound": "Your agency has no such item",
		"answerRequired": "Enter the answer to the firm"},
}

// TestConsoleStaffFlow is the whole staff flow, in each language in turn (the
// two share the public-security worklist, so they take turns): sign in, take
// next, answer, the firm's status page shows the answer, transfer another to
// the cyberspace office, its staff sign in and find it on their worklist,
// export, sign out.
func TestConsoleStaffFlow(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"zh-CN", "en"} {
		t.Run(lang, func(t *testing.T) { staffFlow(t, lang) })
	}
}

func staffFlow(t *testing.T, lang string) {
	words := consoleWords[lang]
	shotName := func(step string) string { return "console-" + lang + "-" + step }
	// Urgent, so that Take next takes them before the firm tests' submissions.
	answered := submitConsultation(t, lang, "procuratorate-no", true)
	transferred := submitConsultation(t, lang, "procuratorate-no", true)

	// 1. Sign in.
	ps := staffTab(t)
	run(t, ps, chromedp.Navigate(baseURL+"/staff/login?lang="+lang), chromedp.WaitVisible(chromedp.ID("username")))
	accessible(t, ps, shotName("1-login"))
	shot(t, ps, shotName("1-login"))
	narrow(t, ps, shotName("1-login"))
	signIn(t, ps, "staff-public-security", demostaff.Password)
	if h := text(t, ps, "h1"); h != words["psWorklist"] {
		t.Fatalf("after sign-in: h1 %q", h)
	}
	waitListed(t, ps, lang, answered.Reference, transferred.Reference)
	if row := text(t, ps, "#waiting tbody tr:first-child"); !strings.Contains(row, answered.Reference) {
		t.Errorf("the first waiting item is %q, want the oldest urgent one, %s", row, answered.Reference)
	}
	if n := get(t, ps, chromedp.Evaluate[int](`document.querySelectorAll("#waiting .tag-urgent").length`)); n < 2 {
		t.Errorf("%d urgent items flagged, want 2 or more", n)
	}
	accessible(t, ps, shotName("2-worklist"))
	shot(t, ps, shotName("2-worklist"))
	narrow(t, ps, shotName("2-worklist"))

	// 2. Take next.
	run(t, ps, chromedp.Click(chromedp.ID("take-next")), chromedp.WaitVisible(chromedp.ID("move-answer")))
	if h := text(t, ps, "h1"); !strings.Contains(h, answered.Reference) {
		t.Fatalf("took %q, want %s", h, answered.Reference)
	}
	accessible(t, ps, shotName("3-item"))
	shot(t, ps, shotName("3-item"))
	view(t, ps, shotName("3-item-top"))
	narrow(t, ps, shotName("3-item"))

	// 3. Answer: first without the answer, which the error summary links to.
	run(t, ps, chromedp.Click(chromedp.ID("answer-submit")), chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	if cls := activeClass(t, ps); !strings.Contains(cls, "error-summary") {
		t.Errorf("focus on .%s, want the error summary", cls)
	}
	if msg := text(t, ps, "#answer-public-error"); !strings.Contains(msg, words["answerRequired"]) {
		t.Errorf("the answer's error %q", msg)
	}
	shot(t, ps, shotName("3-item-errors"))
	run(t, ps, chromedp.Click(chromedp.CSS(`.error-summary a[href="#answer-public"]`)))
	if id := activeID(t, ps); id != "answer-public" {
		t.Errorf("the error link focused #%s", id)
	}
	answer := "请尽快报警，并保全服务器日志和交易记录。"
	if lang == "en" {
		answer = "Report it to the police at once, and keep the server logs and transaction records."
	}
	run(t, ps, chromedp.SendKeys(chromedp.ID("answer-public"), answer), chromedp.SendKeys(chromedp.ID("answer-internal"), "called the firm's legal head"),
		chromedp.Click(chromedp.ID("answer-submit")), chromedp.WaitNotPresent(chromedp.ID("move-answer")))
	if s := text(t, ps, "#item-status"); s != words["answered"] {
		t.Errorf("status after answering %q, want %q", s, words["answered"])
	}
	shot(t, ps, shotName("4-answered"))

	// 4. The firm's status page shows the answer.
	firm := staffTab(t)
	run(t, firm,
		chromedp.Navigate(baseURL+"/status?lang="+lang), chromedp.WaitVisible(chromedp.CSS("#lookup")),
		chromedp.SendKeys(chromedp.CSS("#f-reference"), answered.Reference),
		chromedp.SendKeys(chromedp.CSS("#f-token"), answered.StatusToken),
		chromedp.Click(chromedp.CSS("#lookup")),
		chromedp.WaitVisible(chromedp.CSS("#status-answer")),
	)
	if got := text(t, firm, "#status-answer"); got != answer {
		t.Errorf("the firm reads %q, want %q", got, answer)
	}
	if body := text(t, firm, "main"); strings.Contains(body, "called the firm's legal head") {
		t.Error("the firm reads the internal note")
	}
	shot(t, firm, shotName("5-firm-status"))

	// 5. Transfer the next one to the cyberspace office.
	run(t, ps, chromedp.Navigate(baseURL+"/staff?lang="+lang), chromedp.WaitVisible(chromedp.ID("take-next")),
		chromedp.Click(chromedp.ID("take-next")), chromedp.WaitVisible(chromedp.ID("move-transfer")))
	if h := text(t, ps, "h1"); !strings.Contains(h, transferred.Reference) {
		t.Fatalf("took %q, want %s", h, transferred.Reference)
	}
	run(t, ps, chromedp.SetValue(chromedp.ID("transfer-agency"), "cyberspace"),
		chromedp.SendKeys(chromedp.ID("transfer-note"), "数据泄露为主，由网信办办理"),
		chromedp.Click(chromedp.ID("transfer-submit")), chromedp.WaitVisible(chromedp.ID("take-next")))
	if n := text(t, ps, "#notice"); !strings.Contains(n, transferred.Reference) || !strings.Contains(n, words["transferred"]) {
		t.Errorf("notice %q", n)
	}
	shot(t, ps, shotName("6-transferred"))

	// 6. The cyberspace office's staff find it on their worklist; they cannot
	// open the one public security answered.
	cy := staffTab(t)
	run(t, cy, chromedp.Navigate(baseURL+"/staff/login?lang="+lang), chromedp.WaitVisible(chromedp.ID("username")))
	signIn(t, cy, "staff-cyberspace", demostaff.Password)
	if h := text(t, cy, "h1"); h != words["cyWorklist"] {
		t.Fatalf("cyberspace's sign-in: h1 %q", h)
	}
	waitListed(t, cy, lang, transferred.Reference)
	shot(t, cy, shotName("7-other-agency"))
	run(t, cy, chromedp.Navigate(baseURL+"/staff/items/"+answered.Reference+"?lang="+lang), chromedp.WaitVisible(chromedp.CSS("h1")))
	if body := text(t, cy, "main"); !strings.Contains(body, words["notFound"]) {
		t.Errorf("another agency's item: %s", body)
	}

	// 7. Export public security's days as CSV.
	run(t, ps, chromedp.Navigate(baseURL+"/staff/export?lang="+lang), chromedp.WaitVisible(chromedp.ID("export-submit")))
	accessible(t, ps, shotName("8-export"))
	shot(t, ps, shotName("8-export"))
	today := day(0)
	run(t, ps, chromedp.Clear(chromedp.ID("export-from")), chromedp.SendKeys(chromedp.ID("export-from"), day(-1)),
		chromedp.Clear(chromedp.ID("export-to")), chromedp.SendKeys(chromedp.ID("export-to"), today))
	csv := download(t, ps, chromedp.Click(chromedp.ID("export-submit")))
	if !bytes.HasPrefix(csv, []byte("\ufeff")) || !bytes.Contains(csv, []byte(answered.Reference)) || bytes.Contains(csv, []byte(transferred.Reference)) {
		t.Errorf("the CSV (%d bytes) lacks its BOM or its row, or holds the transferred one:\n%.400s", len(csv), csv)
	}
	if !bytes.Contains(csv, []byte("\r\n")) {
		t.Error("the CSV's rows do not end in CRLF")
	}

	// 8. Sign out: the console asks to sign in again.
	run(t, ps, chromedp.Click(chromedp.ID("sign-out")), chromedp.WaitVisible(chromedp.ID("username")))
	if n := text(t, ps, "#notice"); !strings.Contains(n, words["signedOut"]) {
		t.Errorf("notice after sign-out %q", n)
	}
	shot(t, ps, shotName("9-signed-out"))
	run(t, ps, chromedp.Navigate(baseURL+"/staff?lang="+lang), chromedp.WaitVisible(chromedp.ID("username")))
	if loc := get(t, ps, chromedp.Location()); !strings.Contains(loc, "/staff/login") {
		t.Errorf("after sign-out /staff shows %s", loc)
	}
}

// TestConsoleKeyboardOnly signs in, takes the next item and answers it with
// the keyboard alone: Tab to each control, type, Enter.
func TestConsoleKeyboardOnly(t *testing.T) {
	t.Parallel()
	sub := submitConsultation(t, "en", "procuratorate", true)
	ctx := staffTab(t)
	run(t, ctx, chromedp.Navigate(baseURL+"/staff/login?lang=en"), chromedp.WaitVisible(chromedp.ID("username")))
	press(t, ctx, kb.Tab)
	if id := activeID(t, ctx); id != "skip" {
		t.Errorf("first Tab reached #%s, want the skip link", id)
	}
	tabTo(t, ctx, "username")
	press(t, ctx, "staff-procuratorate")
	tabTo(t, ctx, "password")
	press(t, ctx, demostaff.Password)
	press(t, ctx, kb.Enter)
	run(t, ctx, chromedp.WaitVisible(chromedp.ID("take-next")))
	waitListed(t, ctx, "en", sub.Reference)

	tabTo(t, ctx, "take-next")
	press(t, ctx, kb.Enter)
	run(t, ctx, chromedp.WaitVisible(chromedp.ID("answer-public")))
	if h := text(t, ctx, "h1"); !strings.Contains(h, sub.Reference) {
		t.Fatalf("took %q, want %s", h, sub.Reference)
	}
	tabTo(t, ctx, "answer-public")
	press(t, ctx, "Keep the evidence; we will call you tomorrow.")
	tabTo(t, ctx, "answer-submit")
	press(t, ctx, kb.Enter)
	run(t, ctx, chromedp.WaitNotPresent(chromedp.ID("move-answer")))
	if s := text(t, ctx, "#item-status"); s != "Answered" {
		t.Errorf("status %q after answering by keyboard", s)
	}
	shot(t, ctx, "console-keyboard-answered")
}

// TestConsoleFirstLogin: a user an administrator made with a temporary
// password sets a new one at the first sign-in (Cognito's
// NEW_PASSWORD_REQUIRED), then works.
func TestConsoleFirstLogin(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"zh-CN", "en"} {
		t.Run(lang, func(t *testing.T) {
			user := "first-login-" + strings.ToLower(lang) + "-" + time.Now().Format("150405")
			createTemporaryUser(t, user, "Temporary-Pass-1!", "industry-association")
			ctx := staffTab(t)
			run(t, ctx, chromedp.Navigate(baseURL+"/staff/login?lang="+lang), chromedp.WaitVisible(chromedp.ID("username")))
			signIn(t, ctx, user, "Temporary-Pass-1!")
			run(t, ctx, chromedp.WaitVisible(chromedp.ID("confirm")))
			accessible(t, ctx, "console-"+lang+"-first-login")
			shot(t, ctx, "console-"+lang+"-first-login")
			run(t, ctx, chromedp.SendKeys(chromedp.ID("password"), "Brand-New-Pass-2!"), chromedp.SendKeys(chromedp.ID("confirm"), "Brand-New-Pass-2!"),
				chromedp.Click(chromedp.ID("set-password")), chromedp.WaitVisible(chromedp.ID("take-next")))
			if who := text(t, ctx, "#who"); who != user {
				t.Errorf("signed in as %q, want %s", who, user)
			}
		})
	}
}

// staffTab opens a tab in a browser context of its own: one person's browser,
// with its own cookies.
func staffTab(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	return ctx
}

func signIn(t *testing.T, ctx context.Context, user, password string) {
	t.Helper()
	run(t, ctx, chromedp.SendKeys(chromedp.ID("username"), user), chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.ID("sign-in")), chromedp.WaitNotPresent(chromedp.ID("sign-in")))
}

// waitListed reloads the worklist until the agency inbox has listed each of
// refs, as it does within a second or two of their submission.
func waitListed(t *testing.T, ctx context.Context, lang string, refs ...string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		run(t, ctx, chromedp.Navigate(baseURL+"/staff?lang="+lang), chromedp.WaitVisible(chromedp.ID("take-next")))
		waiting := get(t, ctx, chromedp.Evaluate[string](`(document.getElementById("waiting") || document.body).innerText`))
		missing := false
		for _, ref := range refs {
			missing = missing || !strings.Contains(waiting, ref)
		}
		if !missing {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%v not on the worklist within 30 s:\n%s", refs, waiting)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// accessible checks a page as the firm pages are held to: one h1, the page's
// language, unique ids, every control labelled and every button named, the
// skip link first.
func accessible(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	problems := get(t, ctx, chromedp.Evaluate[[]string](`(() => {
		const out = [];
		if (document.querySelectorAll("h1").length !== 1) out.push("not one h1");
		if (!document.documentElement.lang) out.push("no lang");
		const ids = [...document.querySelectorAll("[id]")].map(e => e.id);
		if (new Set(ids).size !== ids.length) out.push("repeated ids");
		for (const c of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
			if (c.labels.length === 0 && !c.getAttribute("aria-label")) out.push("unlabelled #" + c.id);
			for (const d of (c.getAttribute("aria-describedby") || "").split(" ").filter(Boolean))
				if (!document.getElementById(d)) out.push("#" + c.id + " described by missing #" + d);
		}
		for (const b of document.querySelectorAll("button, a")) {
			if (!b.textContent.trim()) out.push("unnamed " + b.tagName + " #" + b.id);
		}
		const first = document.querySelector("a, button, input, select, textarea");
		if (!first || first.id !== "skip") out.push("the skip link is not first");
		return out;
	})()`))
	for _, p := range problems {
		t.Errorf("%s: %s", page, p)
	}
}

// download runs action, which makes the browser download a file, and returns
// the file.
func download(t *testing.T, ctx context.Context, action chromedp.Action[chromedp.Void]) []byte {
	t.Helper()
	dir := t.TempDir()
	enabled := true
	if _, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &enabled,
		BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
	}); err != nil {
		t.Fatal(err)
	}
	progress := chromedp.Events(ctx, cdpbrowser.DownloadProgress)
	run(t, ctx, action)
	for ev, err := range progress {
		if err != nil {
			t.Fatal(err)
		}
		if ev.State == cdpbrowser.DownloadProgressStateCanceled {
			t.Fatal("the download was cancelled")
		}
		if ev.State == cdpbrowser.DownloadProgressStateCompleted {
			b, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatal("no download")
	return nil
}

type receipt struct{ Reference, StatusToken string }

// submitConsultation sends the README's sample consultation through the JSON
// API, urgent or not, in the firm's language; to goes to public security, or
// with "procuratorate" reported to the police first, which sends it to the
// procuratorate.
func submitConsultation(t *testing.T, lang, to string, urgent bool) receipt {
	t.Helper()
	var form map[string]any
	if err := json.Unmarshal([]byte(devstack.SampleConsultation), &form); err != nil {
		t.Fatal(err)
	}
	form["language"] = lang
	incident := form["incident"].(map[string]any)
	if urgent {
		incident["urgency"], incident["urgencyReason"] = "urgent", "两名员工已被刑事拘留，业务停滞。"
	}
	if to == "procuratorate" {
		incident["reportedToPolice"], incident["policeCaseNumber"] = true, "SH-2026-0042"
	}
	body, err := json.Marshal(form)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(baseURL+"/v1/consultations", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r receipt
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("submit: %d, %v", resp.StatusCode, err)
	}
	return r
}

// createTemporaryUser makes a staff user of agency in the stack's pool, as an
// administrator does: with a temporary password, which the first sign-in must
// replace.
func createTemporaryUser(t *testing.T, user, password, agency string) {
	t.Helper()
	ctx := context.Background()
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""), BaseEndpoint: aws.String(motoURL)}
	tmpl, err := samtemplate.Load("../../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	poolID, _, err := provision.StaffPool(ctx, cfg, tmpl, "browser-test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cip.NewFromConfig(cfg).AdminCreateUser(ctx, &cip.AdminCreateUserInput{
		UserPoolId: &poolID, Username: aws.String(user), TemporaryPassword: aws.String(password),
		MessageAction:  ciptypes.MessageActionTypeSuppress,
		UserAttributes: []ciptypes.AttributeType{{Name: aws.String("custom:agency"), Value: aws.String(agency)}},
	}); err != nil {
		t.Fatal(err)
	}
}
