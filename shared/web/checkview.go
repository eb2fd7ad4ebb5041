package web

import (
	"crypto/rand"
	"encoding/base64"
	"net/url"
	"strings"

	"github.com/putuo-compliance/intake/shared/forms"
)

// checkView is the "check your answers" page. The answers travel on in hidden
// fields: a Lambda keeps no session, and a cookie could not hold a description.
type checkView struct {
	Action      string
	Sections    []checkSection
	Hidden      []hiddenField
	Idempotency string
	Retry       bool   // an earlier send failed for a passing reason
	Limited     string // an earlier send was over this network's limit: how long to wait
}

type checkSection struct {
	Legend string
	Rows   []checkRow
}

type checkRow struct {
	Path   string
	Label  string
	Lines  []string
	Change string // the change button's text for screen readers: "Change company name"
}

type hiddenField struct {
	Name  string
	Value string
}

// idempotencyField carries a key that makes sending twice (a double click, a
// reload of the confirmation) return the first receipt instead of a duplicate.
const idempotencyField = "idem"

func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

func newCheckView(kind forms.Kind, lang forms.Lang, values url.Values) checkView {
	v := checkView{Action: Localized("/"+string(kind), lang), Idempotency: randomToken(16)}
	leaves, sectionOf := leafFields(kind)
	for _, f := range leaves {
		for _, val := range values[f.Path] {
			if val != "" {
				v.Hidden = append(v.Hidden, hiddenField{Name: f.Path, Value: val})
			}
		}
		if hiddenFromPage[f.Path] {
			continue
		}
		legend := sectionOf[f.Path].Label.In(lang)
		if sectionOf[f.Path].Path == "" {
			legend = f.Label.In(lang)
		}
		if n := len(v.Sections); n == 0 || v.Sections[n-1].Legend != legend {
			v.Sections = append(v.Sections, checkSection{Legend: legend})
		}
		row := checkRow{
			Path:   f.Path,
			Label:  f.Label.In(lang),
			Lines:  displayValues(f, lang, values[f.Path]),
			Change: text("check.change", lang) + " " + f.Label.In(lang),
		}
		v.Sections[len(v.Sections)-1].Rows = append(v.Sections[len(v.Sections)-1].Rows, row)
	}
	return v
}

// displayValues puts a field's values to people: option labels, yes or no.
func displayValues(f forms.Field, lang forms.Lang, values []string) []string {
	var lines []string
	for _, s := range values {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if o, ok := f.Option(s); ok {
			s = o.Label.In(lang)
		} else if w := controls[f.Path]; w == wYesNo || w == wConsent {
			s = map[string]string{"true": text("yes", lang), "false": text("no", lang)}[s]
		}
		lines = append(lines, s)
	}
	if len(lines) == 0 {
		lines = []string{text("none.given", lang)}
	}
	return lines
}
