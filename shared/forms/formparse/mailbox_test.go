package formparse

import (
	"strings"
	"testing"

	"github.com/putuo-compliance/intake/shared/forms"
)

func TestMailbox(t *testing.T) {
	tests := []struct {
		give string
		want bool
	}{
		{"legal@example.com", true},
		{"Legal.Dept+intake@mail.example.com.cn", true},
		{"o'brien@example.ie", true},
		{"a_b-c@xn--fiqs8s.xn--fiqz9s", true}, // 中国.中國 in its xn-- form
		{"x@a-b.example", true},
		{strings.Repeat("a", 64) + "@example.com", true},
		// The ends of each range of letters and digits, in both parts.
		{"A@example.com", true},
		{"Z@example.com", true},
		{"0@example.com", true},
		{"legal@A.example", true},
		{"legal@Z.example", true},
		{"legal@0.example", true},
		{"a@" + strings.Repeat("b", 63) + ".com", true}, // a label of 63, the most
		{strings.Repeat("a", 64) + "@" + strings.Repeat(strings.Repeat("b", 62)+".", 2) + strings.Repeat("c", 63), true}, // 254, the most

		{`"a@evil.example,x"@example.com`, false}, // a quoted local part
		{`"legal"@example.com`, false},
		{"legal @example.com", false},
		{"legal@example.com ", false},
		{"legal@example.com,other@example.com", false},
		{"legal@example.com\r\nBcc: x@evil.example", false},
		{"a@b@example.com", false},
		{"legal@localhost", false},
		{"legal@[192.0.2.1]", false},
		{"legal@192.0.2.1", false},
		{"legal(comment)@example.com", false},
		{".legal@example.com", false},
		{"legal.@example.com", false},
		{"le..gal@example.com", false},
		{"legal@-example.com", false},
		{"legal@example-.com", false},
		{"legal@example..com", false},
		{"legal@.example.com", false},
		{"legal@example.com.", false},
		{"法务@example.com", false},
		{"legal@例子.中国", false},
		{"legal\u202e@example.com", false}, // a right-to-left override
		{"le\u200bgal@example.com", false}, // a zero-width space
		{"legal\x00@example.com", false},
		{"légal@example.com", false},
		{"@example.com", false},
		{"legal@", false},
		{"legal", false},
		{strings.Repeat("a", 65) + "@example.com", false},
		{"a@" + strings.Repeat("b", 64) + ".com", false},
		{"a@" + strings.Repeat(strings.Repeat("b", 63)+".", 4) + "com", false}, // over 254
		{strings.Repeat("a", 64) + "@" + strings.Repeat(strings.Repeat("b", 62)+".", 3) + "d", false}, // 255, each part within its own bound
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			if got := validMailbox(tt.give); got != tt.want {
				t.Errorf("validMailbox(%+q) = %v, want %v", tt.give, got, tt.want)
			}
		})
	}
}

// The form applies the rule, as invalid-format on contact.email.
func TestMailboxRuleInForm(t *testing.T) {
	body := edit(t, "consultation.json", map[string]any{"contact.email": `"a@evil.example,x"@example.com`})
	_, err := newTestParser().Parse(forms.KindConsultation, body, forms.EN)
	got := fieldErrs(t, err)
	if len(got) != 1 || got[0] != (fieldErr{"contact.email", forms.CodeInvalidFormat}) {
		t.Fatalf("errors %v, want contact.email:invalid-format alone", got)
	}
}
