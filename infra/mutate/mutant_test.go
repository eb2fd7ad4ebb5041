package main

import (
	"strings"
	"testing"
)

func TestMutate(t *testing.T) {
	const src = "package p\n\nfunc f(a, b int) bool {\n\tif a < b && b != 0 {\n\t\ta++\n\t}\n\treturn a-b > 0 || -a == b\n}\n"
	tests := []struct {
		name      string
		line, col int
		typ       string
		want      string // the line after mutation
		wantErr   bool
	}{
		{"boundary", 4, 7, "CONDITIONALS_BOUNDARY", "\tif a <= b && b != 0 {", false},
		{"negation", 4, 7, "CONDITIONALS_NEGATION", "\tif a >= b && b != 0 {", false},
		{"logical", 4, 11, "INVERT_LOGICAL", "\tif a < b || b != 0 {", false},
		{"not equal", 4, 16, "CONDITIONALS_NEGATION", "\tif a < b && b == 0 {", false},
		{"increment", 5, 4, "INCREMENT_DECREMENT", "\t\ta--", false},
		{"arithmetic", 7, 10, "ARITHMETIC_BASE", "\treturn a+b > 0 || -a == b", false},
		{"unary minus", 7, 20, "INVERT_NEGATIVES", "\treturn a-b > 0 || +a == b", false},
		{"or", 7, 17, "INVERT_LOGICAL", "\treturn a-b > 0 && -a == b", false},
		{"wrong mutator for the token", 4, 7, "INVERT_LOGICAL", "", true},
		{"no token there", 4, 8, "CONDITIONALS_NEGATION", "", true},
		{"unknown mutator", 4, 7, "INVERT_BITWISE", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := mutate([]byte(src), Mutant{File: "p.go", Line: tt.line, Col: tt.col, Type: tt.typ})
			if tt.wantErr {
				if err == nil {
					t.Fatalf("mutated:\n%s", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(string(got), "\n")
			if lines[tt.line-1] != tt.want {
				t.Errorf("line %d = %q, want %q", tt.line, lines[tt.line-1], tt.want)
			}
			lines[tt.line-1] = strings.Split(src, "\n")[tt.line-1]
			if strings.Join(lines, "\n") != src {
				t.Errorf("other lines changed:\n%s", got)
			}
		})
	}
}

func TestParseMutant(t *testing.T) {
	tests := []struct {
		give    string
		want    Mutant
		wantErr bool
	}{
		{"shared/intake/reference.go:52:66:CONDITIONALS_NEGATION", Mutant{File: "shared/intake/reference.go", Line: 52, Col: 66, Type: "CONDITIONALS_NEGATION"}, false},
		{"shared/web/csrf.go:42:9 INVERT_LOGICAL", Mutant{File: "shared/web/csrf.go", Line: 42, Col: 9, Type: "INVERT_LOGICAL"}, false},
		{"shared/web/csrf.go:42:INVERT_LOGICAL", Mutant{}, true},
		{"shared/web/csrf.go:x:9:INVERT_LOGICAL", Mutant{}, true},
		{"shared/web/csrf.go:42:9:NO_SUCH", Mutant{}, true},
	}
	for _, tt := range tests {
		got, err := parseMutant(tt.give)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("parseMutant(%q) = %+v, %v, want %+v (error %v)", tt.give, got, err, tt.want, tt.wantErr)
		}
	}
}
