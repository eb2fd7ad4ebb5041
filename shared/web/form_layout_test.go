package web_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// all returns the first group of every match of pattern in body.
func all(pattern, body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(pattern).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// A form's fields are grouped under their catalog section, in the form's
// order, each section once; the language, a field of its own, has no section
// (and so no section heading); the consent notice is in the consent section
// only.
func TestFormSections(t *testing.T) {
	consent := "Consent to personal information processing"
	tests := []struct {
		route string
		want  []string
	}{
		{"/consultation", []string{"Company", "Contact person", consent, "Incident"}},
		{"/training", []string{"Company", "Contact person", consent, "Training"}},
	}
	for _, tt := range tests {
		t.Run(tt.route, func(t *testing.T) {
			resp := newEnv().do(t, get(tt.route, "lang=en"))
			if got := all(`<legend><h2>([^<]*)</h2></legend>`, resp.Body); !slices.Equal(got, tt.want) {
				t.Errorf("sections %q, want %q", got, tt.want)
			}
			notice := regexp.MustCompile(`<legend><h2>([^<]*)</h2></legend>\s*<p class="notice">`).FindAllStringSubmatch(resp.Body, -1)
			if len(notice) != 1 || notice[0][1] != consent {
				t.Errorf("consent notice in %q, want once, in %q", notice, consent)
			}
		})
	}
}

// Each control is described by its hint and, only when there is one, its
// error; it is marked invalid only when it has an error.
func TestFieldDescriptions(t *testing.T) {
	blank := newEnv().do(t, get("/consultation", "")).Body
	invalid := newEnv().do(t, post("/consultation", "", with(consultation(), "company.creditCode", "91310107MA1G8K3Q34"), browserID)).Body
	tests := []struct {
		name        string
		body        string
		want        []string
		wantInvalid []string // the ids marked aria-invalid
	}{
		{"blank form", blank, []string{
			`id="f-company-creditCode" name="company.creditCode" value="" autocomplete="off" spellcheck="false" aria-describedby="f-company-creditCode-hint">`,
			`id="f-contact-name" name="contact.name" value="" autocomplete="name" spellcheck="false">`, // no hint, no error
		}, nil},
		{"an invalid answer", invalid, []string{
			`aria-describedby="f-company-creditCode-hint f-company-creditCode-error" aria-invalid="true"`,
			`id="f-company-name" name="company.name" value="上海某网络科技有限公司" autocomplete="organization" spellcheck="false" aria-describedby="f-company-name-hint">`,
		}, []string{"f-company-creditCode"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, w := range tt.want {
				if !strings.Contains(tt.body, w) {
					t.Errorf("page lacks %s", w)
				}
			}
			if got := all(`id="([^"]+)"[^>]* aria-invalid="true"`, tt.body); !slices.Equal(got, tt.wantInvalid) {
				t.Errorf("invalid controls %q, want %q", got, tt.wantInvalid)
			}
			if got, want := strings.Count(tt.body, `class="field field-invalid"`), len(tt.wantInvalid); got != want {
				t.Errorf("%d fields marked invalid, want %d", got, want)
			}
		})
	}
}

// A change link puts the cursor in that one field.
func TestChangeLinkFocusesOneField(t *testing.T) {
	body := newEnv().do(t, post("/consultation", "", with(consultation(), "edit", "contact.email"), browserID)).Body
	if got := all(`id="([^"]+)"[^>]* autofocus`, body); !slices.Equal(got, []string{"f-contact-email"}) {
		t.Errorf("autofocus on %q, want only f-contact-email", got)
	}
}

// A blank training form offers empty date boxes; only the language is
// answered in advance, with the page's own.
func TestBlankFormPrefillsOnlyLanguage(t *testing.T) {
	body := newEnv().do(t, get("/training", "lang=en")).Body
	for i := 1; i <= 3; i++ {
		id := "f-training-preferredDates-" + string(rune('0'+i))
		if !strings.Contains(body, `id="`+id+`" name="training.preferredDates" value=""`) {
			t.Errorf("date box %s is not empty", id)
		}
	}
	if got := all(`value="([^"]*)" checked`, body); !slices.Equal(got, []string{"en"}) {
		t.Errorf("checked %q, want only the language en", got)
	}
}
