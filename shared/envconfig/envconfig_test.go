package envconfig_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/envconfig"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestGetters(t *testing.T) {
	v := envconfig.New(env(map[string]string{"A": "a", "GRACE": "90s", "N": "20", "ZERO": "0"}))
	if got := v.Required("A"); got != "a" {
		t.Errorf("Required(A) = %q", got)
	}
	if got := v.Optional("B"); got != "" {
		t.Errorf("Optional(B) = %q", got)
	}
	if got := v.Duration("GRACE", time.Minute); got != 90*time.Second {
		t.Errorf("Duration(GRACE) = %v", got)
	}
	if got := v.Duration("UNSET", time.Minute); got != time.Minute {
		t.Errorf("Duration(UNSET) = %v, want the default", got)
	}
	if got := v.Int("N", 3); got != 20 {
		t.Errorf("Int(N) = %d", got)
	}
	if got := v.Int("ZERO", 3); got != 0 {
		t.Errorf("Int(ZERO) = %d", got)
	}
	if got := v.Int("UNSET", 3); got != 3 {
		t.Errorf("Int(UNSET) = %d, want the default", got)
	}
	if err := v.Err(); err != nil {
		t.Fatalf("Err() = %v", err)
	}
}

// Every problem is named, in the order found, not only the first.
func TestErrNamesEveryProblem(t *testing.T) {
	tests := []struct {
		name string
		give map[string]string
		want []string
	}{
		{"all missing", nil, []string{"A", "B"}},
		{"bad duration", map[string]string{"A": "a", "B": "b", "GRACE": "soon"}, []string{"GRACE"}},
		{"negative duration", map[string]string{"A": "a", "GRACE": "-1s"}, []string{"B", "GRACE"}},
		{"failed check", map[string]string{"A": "a", "B": "b", "C": "x"}, []string{"C"}},
		{"bad numbers", map[string]string{"A": "a", "B": "b", "N": "-1", "M": "3.5"}, []string{"N", "M"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := envconfig.New(env(tt.give))
			v.Required("A")
			v.Required("B")
			v.Duration("GRACE", time.Minute)
			v.Int("N", 1)
			v.Int("M", 1)
			if v.Optional("C") == "x" {
				v.Fail("C", "must not be x")
			}
			var cerr *envconfig.Error
			if !errors.As(v.Err(), &cerr) {
				t.Fatalf("Err() = %v, want an *envconfig.Error", v.Err())
			}
			if got := cerr.Names(); !slices.Equal(got, tt.want) {
				t.Errorf("Names() = %v, want %v", got, tt.want)
			}
		})
	}
}
