package formparse

import "testing"

func TestCreditCode(t *testing.T) {
	tests := []struct {
		give          string
		wantFormed    bool
		wantCheckPass bool
	}{
		{"91310107MA1G8K3Q33", true, true},
		{"91310107MA1FL5TB5K", true, true},
		{"9144030071526726XG", true, true},
		{"91310107MA1G8K3Q34", true, false},
		{"91310107MA1G8K3Q3", false, false},
		{"91310107MA1G8K3Q333", false, false},
		{"91310107MA1G8K3QI3", false, false}, // I is not in the alphabet
		{"91310107ma1g8k3q33", false, false},
		{"", false, false},
		{"９1310107MA1G8K3Q3", false, false}, // full-width digit
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			formed := creditCodeWellFormed(tt.give)
			if formed != tt.wantFormed {
				t.Fatalf("creditCodeWellFormed = %v, want %v", formed, tt.wantFormed)
			}
			if formed {
				if got := creditCodeChecks(tt.give); got != tt.wantCheckPass {
					t.Errorf("creditCodeChecks = %v, want %v", got, tt.wantCheckPass)
				}
			}
		})
	}
}

// TestCreditCodeCheckZero covers the check value 31, written as "0".
func TestCreditCodeCheckZero(t *testing.T) {
	for _, base := range []string{"91310107MA1G8K3Q3", "11100000000000001", "9144030071526726X"} {
		for c := 0; c < len(creditCodeAlphabet); c++ {
			code := base + string(creditCodeAlphabet[c])
			if creditCodeChecks(code) {
				// Exactly one check character fits each base.
				for d := c + 1; d < len(creditCodeAlphabet); d++ {
					if creditCodeChecks(base + string(creditCodeAlphabet[d])) {
						t.Errorf("%s: two check characters fit", base)
					}
				}
			}
		}
	}
}
