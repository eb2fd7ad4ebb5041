package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/intake"
)

// posts are every form the console has, by what it does: a path and its
// fields, given the submission ref the test works on.
func posts(ref string) map[string]struct {
	path string
	form url.Values
} {
	item := "/staff/items/" + ref
	return map[string]struct {
		path string
		form url.Values
	}{
		"sign in":      {"/staff/login", url.Values{"username": {psStaff.Name}, "password": {psStaff.Password}}},
		"new password": {"/staff/password", url.Values{"password": {"Brand-New-Pass-2!"}, "confirm": {"Brand-New-Pass-2!"}}},
		"sign out":     {"/staff/logout", url.Values{}},
		"take next":    {"/staff/take", url.Values{}},
		"claim":        {item, url.Values{"action": {"claim"}}},
		"answer":       {item, url.Values{"action": {"answer"}, "public": {"forged answer"}}},
		"schedule":     {item, url.Values{"action": {"schedule"}, "date": {"2026-12-20"}, "time": {"09:00"}}},
		"transfer":     {item, url.Values{"action": {"transfer"}, "agency": {"cyberspace"}, "note": {"forged"}}},
		"reject":       {item, url.Values{"action": {"reject"}, "note": {"forged"}}},
		"release":      {item, url.Values{"action": {"release"}}},
		"close":        {item, url.Values{"action": {"close"}}},
		"note":         {item, url.Values{"action": {"note"}, "note": {"forged"}}},
		"export":       {"/staff/export", url.Values{"from": {"2026-11-01"}, "to": {"2026-12-01"}}},
	}
}

// Every form post needs the CSRF token of the browser's own cookie: none, one
// from another browser's session, or a post from another site is refused with
// 403, and changes nothing.
func TestEveryPostNeedsItsCSRFToken(t *testing.T) {
	w := newWorld(t)
	victim, sub := w.held(psStaff, false)
	version := w.get(sub.Reference).Version
	attacker := w.signedIn(psOther)
	attacker.get("/staff")

	for name, p := range posts(sub.Reference) {
		t.Run(name, func(t *testing.T) {
			tests := []struct {
				name  string
				token string
				site  string // Sec-Fetch-Site
			}{
				{"no token", "", "same-origin"},
				{"another session's token", attacker.csrf, "same-origin"},
				{"from another site, with the right token", victim.csrf, "cross-site"},
			}
			for _, tt := range tests {
				form := url.Values{}
				for k, v := range p.form {
					form[k] = v
				}
				form.Set("csrf", tt.token)
				form.Set("version", "0")
				ev := victim.request(http.MethodPost, p.path, form)
				ev.Headers["sec-fetch-site"] = tt.site
				resp := victim.do(ev)
				if resp.StatusCode != http.StatusForbidden || !strings.Contains(resp.Body, "页面已过期") {
					t.Errorf("%s: %d\n%s", tt.name, resp.StatusCode, main(resp))
				}
			}
		})
	}
	if got := w.get(sub.Reference); got.Version != version || got.Status != intake.StatusInReview {
		t.Errorf("a refused post changed the submission: %s v%d", got.Status, got.Version)
	}
	if resp := victim.get("/staff"); resp.StatusCode != 200 {
		t.Errorf("a refused sign-out signed the victim out: %d", resp.StatusCode)
	}
}

// No console URL shows or changes another agency's submission: every page
// and every move answers a session of another agency, supervisors included,
// exactly as it answers an unknown reference.
func TestAnotherAgencySeesNothing(t *testing.T) {
	w := newWorld(t)
	ps, sub := w.held(psStaff, true)
	ps.act(sub.Reference, url.Values{"action": {"note"}, "note": {"内部备注"}})
	version := w.get(sub.Reference).Version

	for _, u := range []struct {
		name string
		b    *browser
	}{{"cyberspace staff", w.signedIn(cyStaff)}, {"cyberspace supervisor", w.signedIn(cySuper)}} {
		t.Run(u.name, func(t *testing.T) {
			b := u.b
			unknown := b.get("/staff/items/C-2345-6789")
			if unknown.StatusCode != http.StatusNotFound {
				t.Fatalf("an unknown reference: %d", unknown.StatusCode)
			}
			for _, path := range []string{"/staff/items/" + sub.Reference, "/staff/items/" + strings.ToLower(sub.Reference)} {
				if resp := b.get(path); resp.StatusCode != http.StatusNotFound || same(main(resp), "") != same(main(unknown), "") {
					t.Errorf("GET %s: %d\n%s", path, resp.StatusCode, main(resp))
				}
			}
			for _, path := range []string{"/staff", "/staff?status=in-review", "/staff?status=queued"} {
				if resp := b.get(path); strings.Contains(resp.Body, sub.Reference) {
					t.Errorf("%s lists it", path)
				}
			}
			for name, p := range posts(sub.Reference) {
				if !strings.HasPrefix(p.path, "/staff/items/") {
					continue
				}
				form := url.Values{"version": {"5"}}
				for k, v := range p.form {
					form[k] = v
				}
				b.get("/staff")
				if resp := b.post(p.path, form); resp.StatusCode != http.StatusNotFound {
					t.Errorf("%s: %d\n%s", name, resp.StatusCode, main(resp))
				}
			}
			if resp := b.post("/staff/take", url.Values{}); resp.Headers["Location"] != "/staff?done=none&lang=zh-CN" {
				t.Errorf("take next took another agency's: %v", resp.Headers)
			}
			if resp := b.post("/staff/export", url.Values{"from": {"2026-11-01"}, "to": {"2026-12-01"}}); strings.Contains(resp.Body, sub.Reference) {
				t.Error("the export holds it")
			}
		})
	}
	if got := w.get(sub.Reference); got.Version != version || got.Agency != "public-security" {
		t.Errorf("another agency changed it: v%d %s", got.Version, got.Agency)
	}
}

// Logs carry who (the token's subject) and what, never a name, a password, a
// user name or the form's contents.
func TestNoPersonalDataInLogs(t *testing.T) {
	w := newWorld(t)
	sub := w.waiting(false, time.Hour)
	w.browser().signIn(psStaff.Name, "Wrong-Password-9!", http.StatusUnauthorized)
	b := w.signedIn(psStaff)
	b.post("/staff/take", url.Values{})
	b.act(sub.Reference, url.Values{"action": {"answer"}, "public": {"答复正文不入日志"}, "internal": {"内部说明不入日志"}})
	b.post("/staff/export", url.Values{"from": {"2026-11-01"}, "to": {"2026-12-01"}})
	b.post("/staff/logout", url.Values{})
	logs := w.logs.String()
	for _, secret := range []string{psStaff.Name, psStaff.Password, "Wrong-Password-9!", "上海某网络科技有限公司", "张三", "13812345678",
		"legal@example.com", "答复正文不入日志", "内部说明不入日志", "203.0.113.7"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the logs hold %q", secret)
		}
	}
	for _, want := range []string{`"staff":"` + psStaff.Sub + `"`, `"reference":"` + sub.Reference + `"`, "staff signed in", "staff signed out", "submissions exported"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the logs lack %s", want)
		}
	}
}

// inline matches the attributes the policy forbids: event handlers, styles.
var inline = regexp.MustCompile(`\s(on[a-z]+|style)=`)

// Pages are served with the firm pages' strict policy, never cached, and
// switch language on every page.
func TestPageHeaders(t *testing.T) {
	w := newWorld(t)
	sub := w.waiting(false, time.Hour)
	staff, anonymous := w.signedIn(psStaff), w.browser()
	for _, path := range []string{"/staff/login", "/staff", "/staff/items/" + sub.Reference, "/staff/export", "/staff/items/C-2345-6789"} {
		for _, lang := range []string{"zh-CN", "en"} {
			b := staff
			if path == "/staff/login" {
				b = anonymous
			}
			b.lang = lang
			resp := b.get(path)
			if csp := resp.Headers["Content-Security-Policy"]; !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "script-src 'self'") ||
				resp.Headers["Cache-Control"] != "no-store" || resp.Headers["X-Frame-Options"] != "DENY" {
				t.Errorf("%s %s: headers %v", path, lang, resp.Headers)
			}
			other := map[string]string{"zh-CN": "en", "en": "zh-CN"}[lang]
			if !strings.Contains(resp.Body, `id="lang-switch" href="`) || !strings.Contains(resp.Body, `lang=`+other+`"`) ||
				!strings.Contains(resp.Body, `<html lang="`+lang+`">`) {
				t.Errorf("%s %s: no switch to %s", path, lang, other)
			}
			if strings.Contains(resp.Body, "<script>") || strings.Contains(resp.Body, "<style") || inline.MatchString(resp.Body) {
				t.Errorf("%s %s: inline script or style", path, lang)
			}
		}
	}
	css := staff.get("/staff/static/style.css")
	if css.StatusCode != 200 || css.Headers["Content-Type"] != "text/css; charset=utf-8" {
		t.Errorf("the firm's stylesheet: %d %v", css.StatusCode, css.Headers)
	}
}
