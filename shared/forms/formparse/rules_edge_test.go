package formparse

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/go-playground/validator/v10"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
)

// The first and last characters of each range of bidirectional controls are
// refused, as is every one between.
func TestBidiControlRangeEnds(t *testing.T) {
	for _, r := range []rune{'\u202a', '\u202e', '\u2066', '\u2069'} {
		t.Run(string(r), func(t *testing.T) {
			body := edit(t, "consultation.json", map[string]any{"company.name": "上海" + string(r) + "某公司"})
			_, err := newTestParser().Parse(forms.KindConsultation, body, forms.ZH)
			if got, want := fieldErrs(t, err), []fieldErr{{"company.name", "invalid-characters"}}; !slices.Equal(got, want) {
				t.Errorf("U+%04X: errors %v, want %v", r, got, want)
			}
		})
	}
}

// A malformed date is reported as malformed, and only so: the rule comparing it
// with the date it happened stays out of it.
func TestMalformedDateNotAlsoBeforeOccurred(t *testing.T) {
	tests := []struct {
		name string
		give map[string]any
		want []fieldErr
	}{
		{"discovered malformed", map[string]any{"incident.discoveredOn": "2026-13-45"}, []fieldErr{{"incident.discoveredOn", "invalid-format"}}},
		{"occurred malformed", map[string]any{"incident.occurredOn": "1st of November"}, []fieldErr{{"incident.occurredOn", "invalid-format"}}},
		{"both well-formed, discovered first", map[string]any{"incident.discoveredOn": "2026-10-31"}, []fieldErr{{"incident.discoveredOn", "before-occurred"}}},
		{"same day", map[string]any{"incident.discoveredOn": "2026-11-01"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newTestParser().Parse(forms.KindConsultation, edit(t, "consultation.json", tt.give), forms.ZH)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				return
			}
			if got := fieldErrs(t, err); !slices.Equal(got, tt.want) {
				t.Errorf("errors %v, want %v", got, tt.want)
			}
		})
	}
}

// A rule that names a sibling field that is missing or of the wrong type is a
// mistake in a struct tag; it refuses rather than passes.
func TestSiblingRulesMisconfiguredRefuse(t *testing.T) {
	type misconfigured struct {
		Count   int
		Day     string `validate:"notbeforefield=Count"`
		Topic   string `validate:"amongfield=Count"`
		NoDay   string `validate:"notbeforefield=Missing"`
		NoTopic string `validate:"amongfield=Missing"`
	}
	err := newValidator().Struct(misconfigured{Day: "2026-11-01", Topic: "x", NoDay: "2026-11-01", NoTopic: "x"})
	var errs validator.ValidationErrors
	if !errors.As(err, &errs) {
		t.Fatalf("Struct = %v, want validation errors", err)
	}
	var got []string
	for _, fe := range errs {
		got = append(got, fe.Field()+":"+fe.Tag())
	}
	want := []string{"Day:notbeforefield", "Topic:amongfield", "NoDay:notbeforefield", "NoTopic:amongfield"}
	if !slices.Equal(got, want) {
		t.Errorf("refused %v, want %v", got, want)
	}
}

// Numbers a float64 cannot hold exactly, 2^53 and beyond, are refused as too
// large when written with a fraction or exponent; below that the form's own
// bound speaks.
func TestLargeNumbersWorded(t *testing.T) {
	valid := string(fixture(t, "consultation.json"))
	tests := []struct {
		give string
		want string // the English message
	}{
		{"1e20", "Estimated loss (CNY) is too large."},
		{"9007199254740992.0", "Estimated loss (CNY) is too large."},
		{"9007199254740991.0", "Estimated loss (CNY) must be at most 100000000000000."},
		{"-9007199254740992.0", "Estimated loss (CNY) is too large."},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			_, err := newTestParser().Parse(forms.KindConsultation, []byte(strings.Replace(valid, "120000", tt.give, 1)), forms.EN)
			var invalid *apperr.InvalidError
			if !errors.As(err, &invalid) || len(invalid.Fields) != 1 {
				t.Fatalf("Parse = %v, want one field error", err)
			}
			if f := invalid.Fields[0]; f.Field != "incident.estimatedLossCny" || f.Code != forms.CodeOutOfRange || f.Message != tt.want {
				t.Errorf("field error %+v, want out-of-range %q", f, tt.want)
			}
		})
	}
}

// Messages number list items from 1 and list an enum's options in the
// language's own way.
func TestMessageItemsAndOptions(t *testing.T) {
	tests := []struct {
		give issue
		lang forms.Lang
		want string
	}{
		{issue{path: "training.preferredDates[0]", rule: "mindays", param: "7"}, forms.EN, "Preferred dates (item 1) must be at least 7 days from today."},
		{issue{path: "training.preferredDates[0]", rule: "mindays", param: "7"}, forms.ZH, "期望日期（第 1 项）须在今天起至少 7 天之后。"},
		{issue{path: "incident.urgency", rule: "oneof"}, forms.EN, "Urgency must be one of: Normal, Urgent."},
		{issue{path: "incident.urgency", rule: "oneof"}, forms.ZH, "紧急程度只能是：一般、紧急。"},
	}
	for _, tt := range tests {
		if got := message(tt.give, tt.lang); got != tt.want {
			t.Errorf("message(%s, %s) = %q, want %q", tt.give.path, tt.lang, got, tt.want)
		}
	}
}

// notbeforefield judges only two real dates; a malformed one, either side, is
// the date rule's to report (the forms tag date before it).
func TestNotBeforeFieldLeavesMalformedDates(t *testing.T) {
	type dates struct {
		Occurred   string
		Discovered string `validate:"notbeforefield=Occurred"`
	}
	tests := []struct {
		occurred, discovered string
		wantOK               bool
	}{
		{"2026-11-01", "2026-11-02", true},
		{"2026-11-01", "2026-11-01", true},
		{"2026-11-02", "2026-11-01", false},
		{"2026-11-02", "2026-13-45", true},
		{"someday", "2026-11-01", true},
		{"", "", true},
	}
	v := newValidator()
	for _, tt := range tests {
		err := v.Struct(dates{Occurred: tt.occurred, Discovered: tt.discovered})
		if (err == nil) != tt.wantOK {
			t.Errorf("occurred %q, discovered %q: %v, want ok %v", tt.occurred, tt.discovered, err, tt.wantOK)
		}
	}
}

// The control rule of singleline and text refuses the ends of each range of
// bidirectional controls itself. Through Parse the decoder refuses them first
// (they are format characters, normalizeText), so only this test holds the
// rule to its ranges.
func TestHasControlBidiRangeEnds(t *testing.T) {
	tests := []struct {
		give rune
		want bool
	}{
		{'\u2029', true}, {'\u202a', true}, {'\u202e', true}, {'\u202f', false},
		{'\u2065', false}, {'\u2066', true}, {'\u2069', true}, {'\u206a', false},
	}
	for _, tt := range tests {
		for _, multiline := range []bool{false, true} {
			if got := hasControl("a"+string(tt.give)+"b", multiline); got != tt.want {
				t.Errorf("hasControl(U+%04X, multiline %v) = %v, want %v", tt.give, multiline, got, tt.want)
			}
		}
	}
}
