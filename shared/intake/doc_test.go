package intake_test

import (
	"os"
	"strings"
	"testing"

	"github.com/putuo-compliance/intake/shared/intake"
)

// docs/domain.md states the transition table for people; lifecycle.go states it
// for the code. They must say the same, row for row.
func TestDocumentedTransitions(t *testing.T) {
	doc, err := os.ReadFile("../../docs/domain.md")
	if err != nil {
		t.Fatal(err)
	}
	const header = "| from | action | to | by | form | note | the firm sees the event |"
	_, table, ok := strings.Cut(string(doc), header+"\n")
	if !ok {
		t.Fatalf("docs/domain.md has no table headed %q", header)
	}
	var got []string
	for i, line := range strings.Split(table, "\n") {
		if i == 0 { // the |---| line
			continue
		}
		if !strings.HasPrefix(line, "|") {
			break
		}
		got = append(got, line)
	}
	var want []string
	for _, tr := range intake.Transitions() {
		kind, public := "any", "no"
		if tr.Kind != "" {
			kind = string(tr.Kind)
		}
		if tr.Public {
			public = "yes"
		}
		want = append(want, "| "+strings.Join([]string{string(tr.From), string(tr.Action), string(tr.To),
			tr.By.String(), kind, tr.Note.String(), public}, " | ")+" |")
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("docs/domain.md's transition table:\n%s\nlifecycle.go's:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
