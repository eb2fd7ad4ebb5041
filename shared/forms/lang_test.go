package forms

import "testing"

func TestParseLang(t *testing.T) {
	tests := []struct {
		give string
		want Lang
	}{
		{"", ZH},
		{"en", EN},
		{"EN", EN},
		{"en-US", EN},
		{"en_GB", EN},
		{"zh-CN", ZH},
		{"zh-CN,zh;q=0.9,en;q=0.8", ZH},
		{"en-US,en;q=0.9,zh-CN;q=0.8", EN},
		{"zh;q=0.5, en;q=0.9", EN},
		{"fr-FR, en;q=0.5", EN},
		{"fr-FR, de", ZH},
		{"*", ZH},
		{"en;q=0", ZH},
		{"en;q=abc", ZH},
		{"en;q=NaN", ZH},
		{"en;q=2", ZH},
		{"english", ZH},
		{"zh, en", ZH},
		{"en, zh", EN},
		{" en ; q = 0.7 , zh ; q = 0.6", EN},
		{",,;;,=", ZH},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			if got := ParseLang(tt.give); got != tt.want {
				t.Errorf("ParseLang(%q) = %q, want %q", tt.give, got, tt.want)
			}
		})
	}
}
