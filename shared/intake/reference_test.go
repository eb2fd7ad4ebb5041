package intake_test

import (
	"testing"

	"github.com/putuo-compliance/intake/shared/intake"
)

// References are accepted as people type them, and nothing else is: the status
// lookup goes to the store only with a canonical reference.
func TestNormalizeReference(t *testing.T) {
	tests := []struct {
		give   string
		want   string
		wantOK bool
	}{
		{"C-7K3Q-9MX2", "C-7K3Q-9MX2", true},
		{"c7k3q9mx2", "C-7K3Q-9MX2", true},
		{" t-7k3q 9mx2 ", "T-7K3Q-9MX2", true},
		{"T-2222-ZZZZ", "T-2222-ZZZZ", true},
		{"X-7K3Q-9MX2", "", false},  // no such kind
		{"C-7K3Q-9MX", "", false},   // one character short
		{"C-7K3Q-9MX22", "", false}, // one too many
		{"T7K3Q", "", false},
		{"C-7K3Q-9MO2", "", false}, // O is not in the alphabet: it reads as 0
		{"C-7K3Q-9M12", "", false}, // nor 1
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			got, ok := intake.NormalizeReference(tt.give)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("NormalizeReference(%q) = %q, %v, want %q, %v", tt.give, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
