package formparse

import (
	"errors"
	"testing"

	"github.com/putuo-compliance/intake/shared/apperr"

	"github.com/putuo-compliance/intake/shared/forms"
)

// FuzzParse: whatever the body, Parse returns a form or an *apperr.InvalidError
// whose every field error has a code and a message; it never panics.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"consultation.json", "consultation-urgent.json", "training.json", "training-online.json"} {
		f.Add(fixture(f, name), true)
		f.Add(fixture(f, name), false)
	}
	for _, s := range []string{"", "{}", "null", "[]", `{"company":null}`, `{"incident":{"measures":[null,1,"none"]}}`,
		`{"training":{"attendees":1e99,"preferredDates":["2026-12-01","2026-12-01"]}}`, "{\"a\":\"\xff\"}", `{"x":[[[[`} {
		f.Add([]byte(s), true)
		f.Add([]byte(s), false)
	}
	p := newTestParser()
	f.Fuzz(func(t *testing.T, body []byte, consultation bool) {
		kind := forms.KindTraining
		if consultation {
			kind = forms.KindConsultation
		}
		form, err := p.Parse(kind, body, forms.EN)
		if err == nil {
			if form == nil || form.Kind() != kind {
				t.Fatalf("no error and form %v", form)
			}
			return
		}
		var invalid *apperr.InvalidError
		if !errors.As(err, &invalid) {
			t.Fatalf("error %v (%T) is not an *apperr.InvalidError", err, err)
		}
		if form != nil || len(invalid.Fields) == 0 || len(invalid.Fields) > maxIssues {
			t.Fatalf("form %v with %d field errors", form, len(invalid.Fields))
		}
		for _, fe := range invalid.Fields {
			if fe.Code == "" || fe.Message == "" {
				t.Fatalf("field error without code or message: %+v", fe)
			}
		}
	})
}
