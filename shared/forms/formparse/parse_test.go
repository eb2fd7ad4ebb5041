package formparse

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/routing"

	"github.com/putuo-compliance/intake/shared/forms"
)

// testNow is 2026-11-20 10:00 in Shanghai; the fixtures' dates are relative to it.
var testNow = time.Date(2026, 11, 20, 10, 0, 0, 0, shanghai)

func newTestParser() *Parser {
	return New(func() time.Time { return testNow })
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// absent deletes a member in edit.
type absentValue struct{}

var absent absentValue

// edit returns the fixture with the members at the given dotted paths replaced
// (or deleted when the value is absent).
func edit(t testing.TB, name string, changes map[string]any) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(fixture(t, name), &doc); err != nil {
		t.Fatal(err)
	}
	for path, value := range changes {
		obj := doc
		keys := strings.Split(path, ".")
		for _, k := range keys[:len(keys)-1] {
			next, ok := obj[k].(map[string]any)
			if !ok {
				t.Fatalf("edit %s: %s is not an object", path, k)
			}
			obj = next
		}
		last := keys[len(keys)-1]
		if value == absent {
			delete(obj, last)
		} else {
			obj[last] = value
		}
	}
	body, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// fieldErr is the part of a field error tests compare: path and code, not wording.
type fieldErr struct{ Field, Code string }

// fieldErrs returns the path and code of each field error in err, which must be
// an *apperr.InvalidError.
func fieldErrs(t *testing.T, err error) []fieldErr {
	t.Helper()
	var invalid *apperr.InvalidError
	if !errors.As(err, &invalid) {
		t.Fatalf("error = %v (%T), want *apperr.InvalidError", err, err)
	}
	if !errors.Is(err, apperr.ErrInvalid) {
		t.Fatalf("errors.Is(err, ErrInvalid) = false")
	}
	got := make([]fieldErr, len(invalid.Fields))
	for i, f := range invalid.Fields {
		if f.Message == "" {
			t.Errorf("field error %s/%s has no message", f.Field, f.Code)
		}
		got[i] = fieldErr{f.Field, f.Code}
	}
	return got
}

func TestParseValid(t *testing.T) {
	tests := []struct {
		give       string
		kind       forms.Kind
		wantFacts  routing.Facts
		wantUrgent bool
	}{
		{"consultation.json", forms.KindConsultation, routing.Facts{Kind: "consultation", Category: "online-fraud"}, false},
		{"consultation-urgent.json", forms.KindConsultation, routing.Facts{Kind: "consultation", Category: "employee-misconduct", ReportedToPolice: true}, true},
		{"training.json", forms.KindTraining, routing.Facts{Kind: "training", PrimaryTopic: "data-protection"}, false},
		{"training-online.json", forms.KindTraining, routing.Facts{Kind: "training", PrimaryTopic: "anti-fraud"}, false},
	}
	p := newTestParser()
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			form, err := p.Parse(tt.kind, fixture(t, tt.give), forms.ZH)
			if err != nil {
				var invalid *apperr.InvalidError
				if errors.As(err, &invalid) {
					t.Fatalf("Parse: %v %+v", err, invalid.Fields)
				}
				t.Fatalf("Parse: %v", err)
			}
			if form.Kind() != tt.kind {
				t.Errorf("Kind() = %q, want %q", form.Kind(), tt.kind)
			}
			if got := form.Facts(); got != tt.wantFacts {
				t.Errorf("Facts() = %+v, want %+v", got, tt.wantFacts)
			}
			if got := form.Urgent(); got != tt.wantUrgent {
				t.Errorf("Urgent() = %v, want %v", got, tt.wantUrgent)
			}
		})
	}
}

func TestParseKeepsValues(t *testing.T) {
	form, err := newTestParser().Parse(forms.KindConsultation, fixture(t, "consultation-urgent.json"), forms.EN)
	if err != nil {
		t.Fatal(err)
	}
	c := form.(*forms.Consultation)
	if c.Incident.EstimatedLossCny != 0 || !slices.Equal(c.Incident.Measures, []string{"detention", "asset-freeze"}) ||
		c.Contact.Landline != "021-62345678-801" || c.Company.CreditCode != "91310107MA1FL5TB5K" {
		t.Errorf("decoded %+v", c)
	}
	// The stored form is our JSON again: it must read back through Parse.
	again, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := newTestParser().Parse(forms.KindConsultation, again, forms.EN); err != nil {
		t.Errorf("re-parse of marshalled form: %v", err)
	}
}

func TestParseRules(t *testing.T) {
	tests := []struct {
		name    string
		kind    forms.Kind
		fixture string
		give    map[string]any
		want    []fieldErr
	}{
		// company
		{"company name missing", forms.KindConsultation, "consultation.json", map[string]any{"company.name": absent},
			[]fieldErr{{"company.name", "required"}}},
		{"company name blank", forms.KindConsultation, "consultation.json", map[string]any{"company.name": " \u3000 "},
			[]fieldErr{{"company.name", "required"}}},
		{"company name too long", forms.KindConsultation, "consultation.json", map[string]any{"company.name": strings.Repeat("网", 101)},
			[]fieldErr{{"company.name", "too-long"}}},
		{"company name 100 chars", forms.KindConsultation, "consultation.json", map[string]any{"company.name": strings.Repeat("网", 100)},
			nil},
		{"company name newline", forms.KindConsultation, "consultation.json", map[string]any{"company.name": "上海\n某公司"},
			[]fieldErr{{"company.name", "invalid-characters"}}},
		{"credit code check", forms.KindConsultation, "consultation.json", map[string]any{"company.creditCode": "91310107MA1G8K3Q34"},
			[]fieldErr{{"company.creditCode", "credit-code-check"}}},
		{"credit code lower case", forms.KindConsultation, "consultation.json", map[string]any{"company.creditCode": "91310107ma1g8k3q33"},
			[]fieldErr{{"company.creditCode", "invalid-format"}}},
		{"credit code short", forms.KindConsultation, "consultation.json", map[string]any{"company.creditCode": "91310107MA1G8K3Q3"},
			[]fieldErr{{"company.creditCode", "invalid-format"}}},
		{"credit code letter O", forms.KindConsultation, "consultation.json", map[string]any{"company.creditCode": "91310107MA1G8K3QO3"},
			[]fieldErr{{"company.creditCode", "invalid-format"}}},
		{"industry not allowed", forms.KindConsultation, "consultation.json", map[string]any{"company.industry": "Gaming"},
			[]fieldErr{{"company.industry", "not-allowed"}}},

		// contact
		{"no phone at all", forms.KindConsultation, "consultation.json", map[string]any{"contact.mobile": absent},
			[]fieldErr{{"contact.mobile", "required"}, {"contact.landline", "required"}}},
		{"landline only", forms.KindConsultation, "consultation.json", map[string]any{"contact.mobile": "", "contact.landline": "021-12345678"},
			nil},
		{"mobile bad prefix", forms.KindConsultation, "consultation.json", map[string]any{"contact.mobile": "12812345678"},
			[]fieldErr{{"contact.mobile", "invalid-format"}}},
		{"mobile with +86", forms.KindConsultation, "consultation.json", map[string]any{"contact.mobile": "+8613812345678"},
			[]fieldErr{{"contact.mobile", "invalid-format"}}},
		{"landline bad", forms.KindConsultation, "consultation.json", map[string]any{"contact.landline": "12345678"},
			[]fieldErr{{"contact.landline", "invalid-format"}}},
		{"email bad", forms.KindConsultation, "consultation.json", map[string]any{"contact.email": "legal@"},
			[]fieldErr{{"contact.email", "invalid-format"}}},
		{"email missing", forms.KindConsultation, "consultation.json", map[string]any{"contact.email": absent},
			[]fieldErr{{"contact.email", "required"}}},
		{"title with tab", forms.KindConsultation, "consultation.json", map[string]any{"contact.title": "法务\t总监"},
			[]fieldErr{{"contact.title", "invalid-characters"}}},

		// language and consent
		{"language not allowed", forms.KindConsultation, "consultation.json", map[string]any{"language": "zh"},
			[]fieldErr{{"language", "not-allowed"}}},
		{"consent refused", forms.KindConsultation, "consultation.json", map[string]any{"consent.accepted": false},
			[]fieldErr{{"consent.accepted", "must-accept"}}},
		{"consent missing answer", forms.KindConsultation, "consultation.json", map[string]any{"consent.accepted": absent},
			[]fieldErr{{"consent.accepted", "required"}}},
		{"consent version missing", forms.KindConsultation, "consultation.json", map[string]any{"consent.version": ""},
			[]fieldErr{{"consent.version", "required"}}},
		{"consent version too long", forms.KindConsultation, "consultation.json", map[string]any{"consent.version": strings.Repeat("v", 33)},
			[]fieldErr{{"consent.version", "too-long"}}},
		{"consent version unpublished", forms.KindConsultation, "consultation.json", map[string]any{"consent.version": "2099-01"},
			[]fieldErr{{"consent.version", "unknown-version"}}},
		{"consent version of another case", forms.KindConsultation, "consultation.json", map[string]any{"consent.version": "2026-11 "},
			[]fieldErr{{"consent.version", "unknown-version"}}},
		{"consent version superseded but published", forms.KindConsultation, "consultation.json", map[string]any{"consent.version": "2026-11"},
			nil},
		{"consent version current", forms.KindTraining, "training.json", map[string]any{"consent.version": "2026-12"},
			nil},

		// incident
		{"role not allowed", forms.KindConsultation, "consultation.json", map[string]any{"incident.role": "suspect"},
			[]fieldErr{{"incident.role", "not-allowed"}}},
		{"category missing", forms.KindConsultation, "consultation.json", map[string]any{"incident.category": absent},
			[]fieldErr{{"incident.category", "required"}}},
		{"occurred today", forms.KindConsultation, "consultation.json", map[string]any{"incident.occurredOn": "2026-11-20", "incident.discoveredOn": "2026-11-20"},
			nil},
		{"occurred tomorrow", forms.KindConsultation, "consultation.json", map[string]any{"incident.occurredOn": "2026-11-21"},
			[]fieldErr{{"incident.occurredOn", "future-date"}, {"incident.discoveredOn", "before-occurred"}}},
		{"discovered tomorrow", forms.KindConsultation, "consultation.json", map[string]any{"incident.discoveredOn": "2026-11-21"},
			[]fieldErr{{"incident.discoveredOn", "future-date"}}},
		{"discovered before occurred", forms.KindConsultation, "consultation.json", map[string]any{"incident.discoveredOn": "2026-10-31"},
			[]fieldErr{{"incident.discoveredOn", "before-occurred"}}},
		{"date not a day", forms.KindConsultation, "consultation.json", map[string]any{"incident.occurredOn": "2026-02-30"},
			[]fieldErr{{"incident.occurredOn", "invalid-format"}}},
		{"date other format", forms.KindConsultation, "consultation.json", map[string]any{"incident.occurredOn": "2026/11/01"},
			[]fieldErr{{"incident.occurredOn", "invalid-format"}}},
		{"date with time", forms.KindConsultation, "consultation.json", map[string]any{"incident.occurredOn": "2026-11-01T10:00:00Z"},
			[]fieldErr{{"incident.occurredOn", "invalid-format"}}},
		{"title too long", forms.KindConsultation, "consultation.json", map[string]any{"incident.title": strings.Repeat("a", 101)},
			[]fieldErr{{"incident.title", "too-long"}}},
		{"description may have lines", forms.KindConsultation, "consultation.json", map[string]any{"incident.description": "a\r\n\tb"},
			nil},
		{"description control char", forms.KindConsultation, "consultation.json", map[string]any{"incident.description": "a\u0000b"},
			[]fieldErr{{"incident.description", "invalid-characters"}}},
		{"description bidi override", forms.KindConsultation, "consultation.json", map[string]any{"incident.description": "pay \u202eSUP"},
			[]fieldErr{{"incident.description", "invalid-characters"}}},
		{"title bidi isolate", forms.KindConsultation, "consultation.json", map[string]any{"incident.title": "a\u2067b"},
			[]fieldErr{{"incident.title", "invalid-characters"}}},
		{"description too long", forms.KindConsultation, "consultation.json", map[string]any{"incident.description": strings.Repeat("字", 5001)},
			[]fieldErr{{"incident.description", "too-long"}}},
		{"reported without case number", forms.KindConsultation, "consultation.json", map[string]any{"incident.reportedToPolice": true},
			[]fieldErr{{"incident.policeCaseNumber", "required"}}},
		{"reported answer missing", forms.KindConsultation, "consultation.json", map[string]any{"incident.reportedToPolice": absent},
			[]fieldErr{{"incident.reportedToPolice", "required"}}},
		{"measures empty", forms.KindConsultation, "consultation.json", map[string]any{"incident.measures": []any{}},
			[]fieldErr{{"incident.measures", "too-few"}}},
		{"measures missing", forms.KindConsultation, "consultation.json", map[string]any{"incident.measures": absent},
			[]fieldErr{{"incident.measures", "required"}}},
		{"none with others", forms.KindConsultation, "consultation.json", map[string]any{"incident.measures": []any{"arrest", "none"}},
			[]fieldErr{{"incident.measures", "exclusive-none"}}},
		{"measures duplicate", forms.KindConsultation, "consultation.json", map[string]any{"incident.measures": []any{"arrest", "arrest"}},
			[]fieldErr{{"incident.measures", "duplicate"}}},
		{"measure not allowed", forms.KindConsultation, "consultation.json", map[string]any{"incident.measures": []any{"arrest", "fine"}},
			[]fieldErr{{"incident.measures[1]", "not-allowed"}}},
		{"impact not allowed", forms.KindConsultation, "consultation.json", map[string]any{"incident.operationsImpact": "huge"},
			[]fieldErr{{"incident.operationsImpact", "not-allowed"}}},
		{"negative loss", forms.KindConsultation, "consultation.json", map[string]any{"incident.estimatedLossCny": -1},
			[]fieldErr{{"incident.estimatedLossCny", "out-of-range"}}},
		{"urgent without reason", forms.KindConsultation, "consultation.json", map[string]any{"incident.urgency": "urgent"},
			[]fieldErr{{"incident.urgencyReason", "required"}}},
		{"questions blank", forms.KindConsultation, "consultation.json", map[string]any{"incident.questions": "\n\n"},
			[]fieldErr{{"incident.questions", "required"}}},
		{"questions too long", forms.KindConsultation, "consultation.json", map[string]any{"incident.questions": strings.Repeat("问", 2001)},
			[]fieldErr{{"incident.questions", "too-long"}}},

		// training
		{"topics empty", forms.KindTraining, "training.json", map[string]any{"training.topics": []any{}},
			[]fieldErr{{"training.topics", "too-few"}, {"training.primaryTopic", "not-in-topics"}}},
		{"topics duplicate", forms.KindTraining, "training.json", map[string]any{"training.topics": []any{"cybersecurity", "data-protection", "cybersecurity"}},
			[]fieldErr{{"training.topics", "duplicate"}}},
		{"topic not allowed", forms.KindTraining, "training.json", map[string]any{"training.topics": []any{"data-protection", "tax"}},
			[]fieldErr{{"training.topics[1]", "not-allowed"}}},
		{"primary not among topics", forms.KindTraining, "training.json", map[string]any{"training.primaryTopic": "anti-fraud"},
			[]fieldErr{{"training.primaryTopic", "not-in-topics"}}},
		{"primary not allowed", forms.KindTraining, "training.json", map[string]any{"training.primaryTopic": "tax"},
			[]fieldErr{{"training.primaryTopic", "not-allowed"}}},
		{"onsite without address", forms.KindTraining, "training.json", map[string]any{"training.address": ""},
			[]fieldErr{{"training.address", "required"}}},
		{"online without address", forms.KindTraining, "training.json", map[string]any{"training.address": absent, "training.format": "at-agency"},
			nil},
		{"address too long", forms.KindTraining, "training.json", map[string]any{"training.address": strings.Repeat("路", 201)},
			[]fieldErr{{"training.address", "too-long"}}},
		{"format not allowed", forms.KindTraining, "training.json", map[string]any{"training.format": "hybrid"},
			[]fieldErr{{"training.format", "not-allowed"}}},
		{"no dates", forms.KindTraining, "training.json", map[string]any{"training.preferredDates": []any{}},
			[]fieldErr{{"training.preferredDates", "too-few"}}},
		{"four dates", forms.KindTraining, "training.json", map[string]any{"training.preferredDates": []any{"2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"}},
			[]fieldErr{{"training.preferredDates", "too-many"}}},
		{"same date twice", forms.KindTraining, "training.json", map[string]any{"training.preferredDates": []any{"2026-12-01", "2026-12-01"}},
			[]fieldErr{{"training.preferredDates", "duplicate"}}},
		{"date today", forms.KindTraining, "training.json", map[string]any{"training.preferredDates": []any{"2026-11-20"}},
			[]fieldErr{{"training.preferredDates[0]", "date-range"}}},
		{"date today+6", forms.KindTraining, "training.json", map[string]any{"training.preferredDates": []any{"2026-12-01", "2026-11-26"}},
			[]fieldErr{{"training.preferredDates[1]", "date-range"}}},
		{"date today+7 and +180", forms.KindTraining, "training.json", map[string]any{"training.preferredDates": []any{"2026-11-27", "2027-05-19"}},
			nil},
		{"date today+181", forms.KindTraining, "training.json", map[string]any{"training.preferredDates": []any{"2027-05-20"}},
			[]fieldErr{{"training.preferredDates[0]", "date-range"}}},
		{"date malformed", forms.KindTraining, "training.json", map[string]any{"training.preferredDates": []any{"2026-12-01", "next week"}},
			[]fieldErr{{"training.preferredDates[1]", "invalid-format"}}},
		{"items in order", forms.KindTraining, "training.json", map[string]any{"training.preferredDates": []any{"2026-11-21", 5}},
			[]fieldErr{{"training.preferredDates[0]", "date-range"}, {"training.preferredDates[1]", "wrong-type"}}},
		{"attendees 0", forms.KindTraining, "training.json", map[string]any{"training.attendees": 0},
			[]fieldErr{{"training.attendees", "required"}}},
		{"attendees 1", forms.KindTraining, "training.json", map[string]any{"training.attendees": 1},
			nil},
		{"attendees 501", forms.KindTraining, "training.json", map[string]any{"training.attendees": 501},
			[]fieldErr{{"training.attendees", "out-of-range"}}},
		{"attendees negative", forms.KindTraining, "training.json", map[string]any{"training.attendees": -3},
			[]fieldErr{{"training.attendees", "out-of-range"}}},
		{"audience missing", forms.KindTraining, "training.json", map[string]any{"training.audience": absent},
			[]fieldErr{{"training.audience", "required"}}},
		{"audience duplicate", forms.KindTraining, "training.json", map[string]any{"training.audience": []any{"hr", "hr"}},
			[]fieldErr{{"training.audience", "duplicate"}}},
		{"notes too long", forms.KindTraining, "training.json", map[string]any{"training.notes": strings.Repeat("n", 2001)},
			[]fieldErr{{"training.notes", "too-long"}}},
	}
	p := newTestParser()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Parse(tt.kind, edit(t, tt.fixture, tt.give), forms.ZH)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Parse: %v %v", err, fieldErrs(t, err))
				}
				return
			}
			if got := fieldErrs(t, err); !slices.Equal(got, tt.want) {
				t.Errorf("errors = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseReportsEveryError(t *testing.T) {
	body := edit(t, "consultation.json", map[string]any{
		"company.creditCode":    "91310107MA1G8K3Q34",
		"contact.mobile":        "138",
		"consent.accepted":      false,
		"incident.discoveredOn": "2026-10-01",
		"incident.measures":     []any{"none", "arrest"},
		"incident.role":         "bystander",
		"incident.urgency":      "urgent",
		"surprise":              1,
	})
	_, err := newTestParser().Parse(forms.KindConsultation, body, forms.EN)
	want := []fieldErr{
		{"company.creditCode", "credit-code-check"},
		{"contact.mobile", "invalid-format"},
		{"consent.accepted", "must-accept"},
		{"incident.role", "not-allowed"},
		{"incident.discoveredOn", "before-occurred"},
		{"incident.measures", "exclusive-none"},
		{"incident.urgencyReason", "required"},
		{"surprise", "unknown-field"},
	}
	if got := fieldErrs(t, err); !slices.Equal(got, want) {
		t.Errorf("errors =\n%v\nwant\n%v", got, want)
	}
}

func TestParseDecoding(t *testing.T) {
	valid := string(fixture(t, "consultation.json"))
	tests := []struct {
		name string
		give string
		want []fieldErr
	}{
		{"empty body", "", []fieldErr{{"", "malformed-json"}}},
		{"whitespace", " \n ", []fieldErr{{"", "malformed-json"}}},
		{"truncated", valid[:strings.Index(valid, `"incident"`)+5], []fieldErr{{"", "malformed-json"}}},
		{"missing brace", strings.TrimSpace(valid)[:len(strings.TrimSpace(valid))-1], []fieldErr{{"", "malformed-json"}}},
		{"trailing comma", `{"language":"en",}`, []fieldErr{{"", "malformed-json"}}},
		{"single quotes", `{'language':'en'}`, []fieldErr{{"", "malformed-json"}}},
		{"invalid utf-8", `{"company":{"name":"` + "\xff\xfe" + `"}}`, []fieldErr{{"", "invalid-encoding"}}},
		{"trailing garbage", valid + "x", []fieldErr{{"", "trailing-data"}}},
		{"second object", valid + "{}", []fieldErr{{"", "trailing-data"}}},
		{"array at top", `[` + valid + `]`, []fieldErr{{"", "wrong-type"}}},
		{"string at top", `"hello"`, []fieldErr{{"", "wrong-type"}}},
		{"null at top", `null`, []fieldErr{{"", "wrong-type"}}},
		{"unknown nested field", strings.Replace(valid, `"industry"`, `"extra":{"a":[1,{"b":2}]},"industry"`, 1),
			[]fieldErr{{"company.extra", "unknown-field"}}},
		{"key case matters", strings.Replace(valid, `"industry"`, `"Industry"`, 1),
			[]fieldErr{{"company.industry", "required"}, {"company.Industry", "unknown-field"}}},
		{"duplicate key", strings.Replace(valid, `"industry"`, `"name":"again","industry"`, 1),
			[]fieldErr{{"company.name", "duplicate-key"}}},
		{"loss as string", strings.Replace(valid, `120000`, `"120000"`, 1),
			[]fieldErr{{"incident.estimatedLossCny", "wrong-type"}}},
		{"loss with fraction", strings.Replace(valid, `120000`, `120000.5`, 1),
			[]fieldErr{{"incident.estimatedLossCny", "wrong-type"}}},
		{"loss as 1.2e5", strings.Replace(valid, `120000`, `1.2e5`, 1), nil},
		{"loss huge", strings.Replace(valid, `120000`, `1e400`, 1),
			[]fieldErr{{"incident.estimatedLossCny", "out-of-range"}}},
		{"loss over int64", strings.Replace(valid, `120000`, `99999999999999999999`, 1),
			[]fieldErr{{"incident.estimatedLossCny", "out-of-range"}}},
		{"bool as string", strings.Replace(valid, `"reportedToPolice": false`, `"reportedToPolice": "false"`, 1),
			[]fieldErr{{"incident.reportedToPolice", "wrong-type"}}},
		{"list as string", strings.Replace(valid, `["none"]`, `"none"`, 1),
			[]fieldErr{{"incident.measures", "wrong-type"}}},
		{"list item number", strings.Replace(valid, `["none"]`, `["none", 3]`, 1),
			[]fieldErr{{"incident.measures[1]", "wrong-type"}}},
		{"list item null", strings.Replace(valid, `["none"]`, `[null]`, 1),
			[]fieldErr{{"incident.measures[0]", "wrong-type"}}},
		{"object as string", strings.Replace(valid, `"consent": {"accepted": true, "version": "2026-11"}`, `"consent": "yes"`, 1),
			[]fieldErr{{"consent", "wrong-type"}}},
		{"string as object", strings.Replace(valid, `"language": "zh-CN"`, `"language": {"zh-CN": true}`, 1),
			[]fieldErr{{"language", "wrong-type"}}},
		{"null string", strings.Replace(valid, `"title": "游戏账号被批量盗取并倒卖"`, `"title": null`, 1),
			[]fieldErr{{"incident.title", "required"}}},
		{"null optional string", strings.Replace(valid, `"policeCaseNumber": ""`, `"policeCaseNumber": null`, 1), nil},
		{"null bool", strings.Replace(valid, `"reportedToPolice": false`, `"reportedToPolice": null`, 1),
			[]fieldErr{{"incident.reportedToPolice", "required"}}},
		{"null list", strings.Replace(valid, `["none"]`, `null`, 1),
			[]fieldErr{{"incident.measures", "required"}}},
		{"null object", strings.Replace(valid, `"consent": {"accepted": true, "version": "2026-11"}`, `"consent": null`, 1),
			[]fieldErr{{"consent.accepted", "required"}, {"consent.version", "required"}}},
		{"escaped strings", strings.Replace(valid, `"张三"`, `"\u5f20\u4e09"`, 1), nil},
		{"deep nesting", strings.Replace(valid, `"industry"`, `"x":`+strings.Repeat("[", 20000)+strings.Repeat("]", 20000)+`,"industry"`, 1),
			[]fieldErr{{"company.x", "unknown-field"}}},
		{"deep nesting unclosed", `{"x":` + strings.Repeat("[", 20000), []fieldErr{{"", "malformed-json"}}},
	}
	p := newTestParser()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Parse(forms.KindConsultation, []byte(tt.give), forms.ZH)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Parse: %v %v", err, fieldErrs(t, err))
				}
				return
			}
			if got := fieldErrs(t, err); !slices.Equal(got, tt.want) {
				t.Errorf("errors = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseMissingSection(t *testing.T) {
	_, err := newTestParser().Parse(forms.KindTraining, edit(t, "training.json", map[string]any{"training": absent}), forms.ZH)
	got := fieldErrs(t, err)
	for _, want := range []fieldErr{
		{"training.topics", "required"}, {"training.primaryTopic", "required"}, {"training.format", "required"},
		{"training.preferredDates", "required"}, {"training.attendees", "required"}, {"training.audience", "required"},
	} {
		if !slices.Contains(got, want) {
			t.Errorf("errors %v lack %v", got, want)
		}
	}
}

func TestParseIssueCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := range 5000 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"k` + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + `":1`)
	}
	b.WriteString("}")
	_, err := newTestParser().Parse(forms.KindTraining, []byte(b.String()), forms.EN)
	if got := fieldErrs(t, err); len(got) > maxIssues {
		t.Errorf("%d field errors, want at most %d", len(got), maxIssues)
	}
}

func TestParseTodayIsShanghai(t *testing.T) {
	// 23:30 UTC on 2026-11-20 is already 2026-11-21 in Shanghai.
	p := New(func() time.Time { return time.Date(2026, 11, 20, 23, 30, 0, 0, time.UTC) })
	body := edit(t, "consultation.json", map[string]any{"incident.occurredOn": "2026-11-21", "incident.discoveredOn": "2026-11-21"})
	if _, err := p.Parse(forms.KindConsultation, body, forms.ZH); err != nil {
		t.Errorf("occurred on today (Shanghai): %v", err)
	}
	body = edit(t, "training.json", map[string]any{"training.preferredDates": []any{"2026-11-27"}})
	_, err := p.Parse(forms.KindTraining, body, forms.ZH)
	if got, want := fieldErrs(t, err), []fieldErr{{"training.preferredDates[0]", "date-range"}}; !slices.Equal(got, want) {
		t.Errorf("errors = %v, want %v (only 6 days ahead in Shanghai)", got, want)
	}
}

func TestParseUnknownKind(t *testing.T) {
	_, err := newTestParser().Parse("complaint", fixture(t, "consultation.json"), forms.ZH)
	if err == nil || errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("error = %v, want a plain error", err)
	}
}

func TestParseMessages(t *testing.T) {
	body := edit(t, "consultation.json", map[string]any{"contact.mobile": "138", "incident.measures": []any{"none", "arrest"}})
	tests := []struct {
		give        forms.Lang
		wantSummary string
		wantMobile  string
		wantNone    string
	}{
		{forms.ZH, "提交内容有误，请检查标出的字段。", "手机号码格式不正确", "“无”"},
		{forms.EN, "Some answers need correcting.", "Mobile number is not in the right format", `"None"`},
	}
	p := newTestParser()
	for _, tt := range tests {
		t.Run(string(tt.give), func(t *testing.T) {
			_, err := p.Parse(forms.KindConsultation, body, tt.give)
			var invalid *apperr.InvalidError
			if !errors.As(err, &invalid) {
				t.Fatalf("error = %v", err)
			}
			if invalid.Message != tt.wantSummary {
				t.Errorf("Message = %q, want %q", invalid.Message, tt.wantSummary)
			}
			if got := invalid.Fields[0].Message; !strings.HasPrefix(got, tt.wantMobile) {
				t.Errorf("mobile message = %q, want prefix %q", got, tt.wantMobile)
			}
			if got := invalid.Fields[1].Message; !strings.Contains(got, tt.wantNone) {
				t.Errorf("measures message = %q, want it to contain %q", got, tt.wantNone)
			}
			for _, f := range invalid.Fields {
				if strings.Contains(f.Message, "{") {
					t.Errorf("unfilled placeholder in %q", f.Message)
				}
			}
		})
	}
}

// An unknown consent version is told the current one, in both languages.
func TestConsentVersionMessage(t *testing.T) {
	is := issue{path: "consent.version", code: forms.CodeUnknownVersion, rule: "consentversion"}
	current := forms.CurrentConsent().Version
	for _, lang := range []forms.Lang{forms.ZH, forms.EN} {
		if got := message(is, lang); !strings.Contains(got, current) || strings.Contains(got, "{") {
			t.Errorf("%s message = %q, want the current version %s", lang, got, current)
		}
	}
}

func TestMessageNamesListItem(t *testing.T) {
	is := issue{path: "training.preferredDates[1]", code: forms.CodeDateRange, rule: "mindays", param: "7"}
	if got, want := message(is, forms.EN), "Preferred dates (item 2) must be at least 7 days from today."; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
	if got, want := message(is, forms.ZH), "期望日期（第 2 项）须在今天起至少 7 天之后。"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}
