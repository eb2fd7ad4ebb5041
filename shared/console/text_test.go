package console

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/web"
)

// Every text the pages use exists, in both languages: a missing key would
// show itself on the page.
func TestTextsExist(t *testing.T) {
	for key, tx := range ui {
		if (tx.ZH == "" || tx.EN == "") && key != "move.note.lead" {
			t.Errorf("%s lacks a language: %+v", key, tx)
		}
	}
	used := map[string]bool{}
	// A literal key, not the prefix of a key the code builds ("move."+...).
	literal := regexp.MustCompile(`(?:\.T|text\()\s*"([a-z][a-z0-9.-]*[a-z0-9])"`)
	err := fs.WalkDir(files, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, p)
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sources, _ := filepath.Glob("*.go")
	for _, f := range sources {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
	}
	// The keys the code builds.
	for _, a := range staffMoves {
		for _, k := range []string{"move.%s.title", "move.%s.lead", "move.%s.button", "action.%s", "done.%s"} {
			used[sprintf(k, a)] = true
		}
		if a != intake.ActionClaim && a != intake.ActionAnswer && a != intake.ActionSchedule {
			used["field."+string(a)+".note"] = true
		}
		for _, in := range inputs[a] {
			used["field."+string(a)+"."+in.name] = true
		}
	}
	for _, k := range []forms.Kind{forms.KindConsultation, forms.KindTraining} {
		used["kind."+string(k)] = true
	}
	for _, k := range []string{"login.need.username", "login.need.password", "login.need.confirm", "login.wait.s", "login.wait.m",
		"login.out", "login.ended", "login.expired", "age.m", "age.hm", "age.dh", "audit.read", "audit.export"} {
		used[k] = true
	}
	if len(used) < 100 {
		t.Fatalf("found only %d keys in use; the pattern is broken", len(used))
	}
	for key := range used {
		_, own := ui[key]
		for _, lang := range []forms.Lang{forms.ZH, forms.EN} {
			if !own && web.Text(key, lang) == key || text(key, lang) == "" && key != "move.note.lead" {
				t.Errorf("%s is used but has no %s text", key, lang)
			}
		}
	}
}

func sprintf(format string, a intake.Action) string {
	return strings.ReplaceAll(format, "%s", string(a))
}
