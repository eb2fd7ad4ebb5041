package forms

import "testing"

// A field is found by its path with list indexes anywhere in it; the field
// error paths of lists ("training.preferredDates[1]") name their list's field.
func TestLookupIgnoresIndexes(t *testing.T) {
	tests := []struct {
		give   string
		want   string // the field's path; "" for none
		wantEN string // its label in English
	}{
		{"company.creditCode", "company.creditCode", "Unified social credit code"},
		{"training.preferredDates[1]", "training.preferredDates", "Preferred dates"},
		{"incident.measures[12]", "incident.measures", "Coercive measures already taken"},
		{"[0]language", "language", "Preferred language"},
		{"training.preferredDates[1", "", ""}, // unclosed: matches nothing
		{"company.extra", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			f, ok := Lookup(tt.give)
			if ok != (tt.want != "") || f.Path != tt.want || f.Label.In(EN) != tt.wantEN {
				t.Errorf("Lookup(%q) = %q (%q), %v; want %q (%q)", tt.give, f.Path, f.Label.In(EN), ok, tt.want, tt.wantEN)
			}
		})
	}
}

func TestStripIndexes(t *testing.T) {
	tests := []struct{ give, want string }{
		{"a", "a"},
		{"a[0]", "a"},
		{"a[0][1]", "a"},
		{"[2]a", "a"},
		{"a[0].b[12]", "a.b"},
		{"a[1", "a[1"},
		{"a[0]b[1", "a[0]b[1"}, // unclosed later: the whole path as it was
	}
	for _, tt := range tests {
		if got := stripIndexes(tt.give); got != tt.want {
			t.Errorf("stripIndexes(%q) = %q, want %q", tt.give, got, tt.want)
		}
	}
}

// Text is shown in the page's language: English for English, Chinese for
// anything else.
func TestTextIn(t *testing.T) {
	text := Text{ZH: "企业名称", EN: "Company name"}
	tests := []struct {
		give Lang
		want string
	}{
		{EN, "Company name"},
		{ZH, "企业名称"},
		{"fr", "企业名称"},
	}
	for _, tt := range tests {
		if got := text.In(tt.give); got != tt.want {
			t.Errorf("In(%q) = %q, want %q", tt.give, got, tt.want)
		}
	}
}

func TestFieldOption(t *testing.T) {
	f, _ := Lookup("incident.urgency")
	tests := []struct {
		give   string
		want   string // its English label; "" for no such option
		wantOK bool
	}{
		{"urgent", "Urgent", true},
		{"normal", "Normal", true},
		{"Urgent", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		o, ok := f.Option(tt.give)
		if ok != tt.wantOK || o.Label.In(EN) != tt.want || ok && o.Value != tt.give {
			t.Errorf("Option(%q) = %+v, %v; want %q, %v", tt.give, o, ok, tt.want, tt.wantOK)
		}
	}
}

// Only a consultation marked urgent is urgent: its queue message says so to
// the agency (README, "Each agency queue gets a claim-check message").
func TestConsultationUrgent(t *testing.T) {
	tests := []struct {
		give string
		want bool
	}{
		{"urgent", true},
		{"normal", false},
		{"", false},
	}
	for _, tt := range tests {
		c := &Consultation{}
		c.Incident.Urgency = tt.give
		if got := c.Urgent(); got != tt.want {
			t.Errorf("Urgent() with urgency %q = %v, want %v", tt.give, got, tt.want)
		}
	}
}
