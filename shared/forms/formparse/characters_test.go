package formparse

import (
	"testing"

	"github.com/putuo-compliance/intake/shared/forms"
)

// Invisible characters are refused in every text of a form, one-line or not,
// and text is kept in NFC.
func TestInvisibleCharactersRefused(t *testing.T) {
	chars := []struct {
		name string
		r    string
	}{
		{"zero-width space", "\u200B"},
		{"left-to-right mark", "\u200E"},
		{"right-to-left mark", "\u200F"},
		{"Arabic letter mark", "\u061C"},
		{"byte order mark", "\uFEFF"},
		{"soft hyphen", "\u00AD"},
		{"Hangul filler", "\u3164"},
		{"halfwidth Hangul filler", "\uFFA0"},
		{"tag letter A", "\U000E0041"},
		{"cancel tag", "\U000E007F"},
		{"word joiner", "\u2060"},
		{"zero-width joiner", "\u200D"},
		{"private use", "\uE000"},
		{"variation selector", "\uFE0F"},
		{"right-to-left override", "\u202E"},
	}
	fields := []struct {
		kind    forms.Kind
		fixture string
		path    string
	}{
		{forms.KindConsultation, "consultation.json", "company.name"},
		{forms.KindConsultation, "consultation.json", "contact.name"},
		{forms.KindConsultation, "consultation.json", "contact.title"},
		{forms.KindConsultation, "consultation.json", "incident.title"},
		{forms.KindConsultation, "consultation.json", "incident.description"},
		{forms.KindConsultation, "consultation.json", "consent.version"},
		{forms.KindTraining, "training.json", "training.address"},
		{forms.KindTraining, "training.json", "training.notes"},
	}
	p := newTestParser()
	for _, c := range chars {
		for _, f := range fields {
			t.Run(c.name+"/"+f.path, func(t *testing.T) {
				body := edit(t, f.fixture, map[string]any{f.path: "上海" + c.r + "某公司"})
				_, err := p.Parse(f.kind, body, forms.EN)
				got := fieldErrs(t, err)
				if len(got) != 1 || got[0] != (fieldErr{f.path, forms.CodeInvalidCharacters}) {
					t.Fatalf("errors %v, want %s:invalid-characters alone", got, f.path)
				}
			})
		}
	}
}

// The rule reaches fields that have no text rule of their own: an enum, a
// date, a list item.
func TestInvisibleCharactersRefusedEverywhere(t *testing.T) {
	tests := []struct {
		kind    forms.Kind
		fixture string
		give    map[string]any
		want    string
	}{
		{forms.KindConsultation, "consultation.json", map[string]any{"company.industry": "gaming\u200B"}, "company.industry"},
		{forms.KindConsultation, "consultation.json", map[string]any{"incident.occurredOn": "\uFEFF2026-11-01"}, "incident.occurredOn"},
		{forms.KindConsultation, "consultation.json", map[string]any{"incident.measures": []any{"none\u00AD"}}, "incident.measures[0]"},
	}
	p := newTestParser()
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			_, err := p.Parse(tt.kind, edit(t, tt.fixture, tt.give), forms.EN)
			got := fieldErrs(t, err)
			if len(got) != 1 || got[0] != (fieldErr{tt.want, forms.CodeInvalidCharacters}) {
				t.Fatalf("errors %v, want %s:invalid-characters alone", got, tt.want)
			}
		})
	}
}

// Text is stored in NFC, and what people write - Chinese, full-width forms,
// accents, emoji without joiners - passes.
func TestTextNormalised(t *testing.T) {
	tests := []struct {
		give, want string
	}{
		{"Cafe\u0301 Ltd", "Caf\u00e9 Ltd"},
		{"上海某网络科技有限公司", "上海某网络科技有限公司"},
		{"Ａｃｍｅ（上海）", "Ａｃｍｅ（上海）"},
		{"Zoë & Søn ✓ 🙂", "Zoë & Søn ✓ 🙂"},
	}
	p := newTestParser()
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			form, err := p.Parse(forms.KindConsultation, edit(t, "consultation.json", map[string]any{"company.name": tt.give}), forms.EN)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := form.(*forms.Consultation).Company.Name; got != tt.want {
				t.Errorf("name %+q, want %+q", got, tt.want)
			}
		})
	}
}
