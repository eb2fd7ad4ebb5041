package forms

import (
	"reflect"
	"testing"

	"github.com/putuo-compliance/intake/shared/apperr"
)

func TestFieldCodes(t *testing.T) {
	give := []apperr.FieldError{
		{Field: "contact.mobile", Code: "invalid-format"},
		{Field: "training.preferredDates[1]", Code: "date-range"},
		{Field: "", Code: "malformed-json"},
		{Field: "张三13812345678", Code: "unknown-field"},
		{Field: "company.张三", Code: "unknown-field"},
	}
	want := []string{
		"contact.mobile:invalid-format",
		"training.preferredDates:date-range",
		"(body):malformed-json",
		"(other):unknown-field",
		"(other):unknown-field",
	}
	if got := FieldCodes(give); !reflect.DeepEqual(got, want) {
		t.Fatalf("FieldCodes = %v, want %v", got, want)
	}
}
