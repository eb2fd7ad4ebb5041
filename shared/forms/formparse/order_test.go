package formparse

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"github.com/putuo-compliance/intake/shared/forms"
)

// reordered returns the fixture's members in the given order, with changes
// (raw JSON) in place of some.
func reordered(t *testing.T, name string, order []string, changes map[string]string) []byte {
	t.Helper()
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(fixture(t, name), &doc); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString("{")
	for i, k := range order {
		if i > 0 {
			b.WriteString(",")
		}
		v, ok := changes[k]
		if !ok {
			v = string(doc[k])
		}
		b.WriteString(`"` + k + `":` + v)
	}
	b.WriteString("}")
	return b.Bytes()
}

// Field errors come in the form's order, whatever order the body's members
// came in, and whether decoding or validation found them; a section's own
// error comes first.
func TestParseErrorsInFormOrder(t *testing.T) {
	var doc struct{ Incident map[string]json.RawMessage }
	if err := json.Unmarshal(fixture(t, "consultation.json"), &doc); err != nil {
		t.Fatal(err)
	}
	doc.Incident["estimatedLossCny"] = json.RawMessage(`"a lot"`)
	badIncident, err := json.Marshal(doc.Incident)
	if err != nil {
		t.Fatal(err)
	}
	body := reordered(t, "consultation.json",
		[]string{"incident", "consent", "language", "contact", "company"},
		map[string]string{
			"incident": string(badIncident),
			"contact":  `{"name":"张三","mobile":13812345678,"email":"legal@example.com"}`,
			"company":  `"上海某网络科技有限公司"`,
			"language": `"fr"`,
		})
	_, err = newTestParser().Parse(forms.KindConsultation, body, forms.EN)
	want := []fieldErr{
		{"company", "wrong-type"},
		{"contact.mobile", "wrong-type"},
		{"contact.landline", "required"}, // mobile or landline: the mobile read as none
		{"language", "not-allowed"},
		{"incident.estimatedLossCny", "wrong-type"},
	}
	if got := fieldErrs(t, err); !slices.Equal(got, want) {
		t.Errorf("errors =\n%v\nwant\n%v", got, want)
	}
}

// item reads the index of the list item a path ends in.
func TestItem(t *testing.T) {
	tests := []struct {
		give string
		want int
	}{
		{"training.preferredDates[0]", 0},
		{"training.preferredDates[12]", 12},
		{"[3]", 3},
		{"training.preferredDates", -1},
		{"9]", -1}, // no bracket that opens it
		{"a[1]b", -1},
		{"a[x]", -1},
	}
	for _, tt := range tests {
		if got := item(tt.give); got != tt.want {
			t.Errorf("item(%q) = %d, want %d", tt.give, got, tt.want)
		}
	}
}
