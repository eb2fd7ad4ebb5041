package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var referenceOnPage = regexp.MustCompile(`class="reference" id="reference">(C-[0-9A-Z]{4}-[0-9A-Z]{4})<`)

// A post that filled in the honeypot, in any of its values, is answered as a
// person's would be - a confirmation for a send, field errors for invalid
// answers - and nothing is stored, queued or mailed. The bot learns nothing of
// why it got nowhere.
func TestHoneypotAnswersAsForSuccess(t *testing.T) {
	filled := func(values ...string) func(url.Values) {
		return func(v url.Values) { v["website"] = values }
	}
	tests := []struct {
		name       string
		give       func(url.Values)
		invalid    bool
		wantStatus int
		wantStored int
	}{
		{name: "filled in", give: filled("http://spam.example"), wantStatus: 200},
		{name: "second value filled in", give: filled("", "http://spam.example"), wantStatus: 200},
		{name: "filled in, invalid answers", give: filled("x"), invalid: true, wantStatus: 422},
		{name: "left empty twice, a person", give: filled("", ""), wantStatus: 200, wantStored: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv()
			form := with(consultation(), "step", "send", "idem", e.checkKey(t))
			if tt.invalid {
				form.Set("company.creditCode", "91310107MA1G8K3Q34")
			}
			tt.give(form)
			resp := e.do(t, post("/consultation", "", form, browserID))
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if e.store.Len() != tt.wantStored || e.queue.Count() != tt.wantStored || len(e.mail.Sent) != tt.wantStored {
				t.Fatalf("stored %d, queued %d, mailed %d; want %d of each", e.store.Len(), e.queue.Count(), len(e.mail.Sent), tt.wantStored)
			}
			if tt.wantStatus != 200 {
				return
			}
			// The page a bot gets is the page a person gets.
			for _, w := range []string{"已收到您的请求", `id="status-token"`, "普陀公安分局", "确认邮件已发往"} {
				if !strings.Contains(resp.Body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if referenceOnPage.FindString(resp.Body) == "" {
				t.Error("no reference on the page")
			}
		})
	}
}

// A status lookup that filled in the honeypot is answered as for a wrong
// token, even with the right one.
func TestHoneypotOnStatus(t *testing.T) {
	e := newEnv()
	done := e.do(t, post("/consultation", "", with(consultation(), "step", "send", "idem", e.checkKey(t)), browserID))
	ref := referenceOnPage.FindStringSubmatch(done.Body)[1]
	token := regexp.MustCompile(`id="status-token">([A-Za-z0-9_-]+)<`).FindStringSubmatch(done.Body)[1]
	wrong := e.do(t, post("/status", "", url.Values{"csrf": {csrf}, "reference": {ref}, "token": {"AAAAAAAAAAAAAAAAAAAAAA"}}, browserID))
	for _, honeypot := range [][]string{{"x"}, {"", "x"}} {
		resp := e.do(t, post("/status", "", url.Values{"csrf": {csrf}, "reference": {ref}, "token": {token}, "website": honeypot}, browserID))
		if resp.StatusCode != 404 || resp.Body != wrong.Body {
			t.Errorf("honeypot %q: status %d; want the wrong token's 404 page", honeypot, resp.StatusCode)
		}
	}
}
