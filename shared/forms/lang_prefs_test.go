package forms

import "testing"

// Each way of naming Chinese counts as Chinese, and an explicit q=1 is as good
// as none: a browser set to Chinese first gets Chinese even when it also
// accepts English.
func TestParseLangPreferences(t *testing.T) {
	tests := []struct {
		give string
		want Lang
	}{
		{"zh-CN, en;q=0.8", ZH},
		{"zh-TW, en;q=0.8", ZH},
		{"zh_TW, en;q=0.8", ZH},
		{"zh, en;q=0.8", ZH},
		{"en;q=1", EN},
		{"zh-CN;q=0.5, en;q=1", EN},
		{"en;q=1, zh-CN;q=1", EN}, // a tie keeps the first
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			if got := ParseLang(tt.give); got != tt.want {
				t.Errorf("ParseLang(%q) = %q, want %q", tt.give, got, tt.want)
			}
		})
	}
}
