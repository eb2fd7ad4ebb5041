package web_test

import (
	"slices"
	"strings"
	"testing"
)

// The check page lists the answers under their section's heading (a field of
// its own under its own label), each heading once, and puts them to people:
// the text as typed, option labels, yes or no.
func TestCheckPageAnswers(t *testing.T) {
	resp := newEnv().do(t, post("/consultation", "lang=en", consultation(), browserID))
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	want := []string{"Company", "Contact person", "Preferred language", "Consent to personal information processing", "Incident"}
	if got := all(`<h2 class="summary-title">([^<]*)</h2>`, resp.Body); !slices.Equal(got, want) {
		t.Errorf("sections %q, want %q", got, want)
	}
	rows := map[string][]string{}
	for _, m := range all(`(<dt>[^<]*</dt><dd class="summary-value">(?:<span class="line">[^<]*</span>)*)`, resp.Body) {
		label := m[len("<dt>"):strings.Index(m, "</dt>")]
		rows[label] = all(`<span class="line">([^<]*)</span>`, m)
	}
	for label, want := range map[string][]string{
		"Contact name":           {"张三"},
		"Category":               {"Online fraud or black/grey-market chain"},
		"Reported to the police": {"No"},
		"Consent to personal information processing": {"Yes"},
		"Landline number": {"Not given"},
	} {
		if got := rows[label]; !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", label, got, want)
		}
	}
}
