package main

import (
	"strings"
	"testing"
)

const blindSrc = `package p

const ttl = 24 * 60

func f(a int) int {
	switch {
	case a > 1:
		return 1
	}
	return 0
}

func g(a int) int {
	switch {
	case a > 1:
		return 1
	}
	if a < 0 {
		return 2
	}
	return 0
}
`

// What go test -coverprofile writes for blindSrc when only f ran: no block
// holds a case clause's expression or the constant.
const blindProfile = `mode: count
example.com/m/p/p.go:5.19,6.9 1 3
example.com/m/p/p.go:7.13,8.11 1 1
example.com/m/p/p.go:10.2,10.10 1 2
example.com/m/p/p.go:13.19,14.9 1 0
example.com/m/p/p.go:15.13,16.11 1 0
example.com/m/p/p.go:18.2,18.11 1 0
example.com/m/p/p.go:18.11,20.3 1 0
example.com/m/p/p.go:21.2,21.10 1 0
`

func TestRunnable(t *testing.T) {
	prof, err := parseProfile(strings.NewReader(blindProfile), "example.com/m")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		line, col int
		want      bool
	}{
		{"a constant", 3, 16, true},
		{"a case of a switch that ran", 7, 9, true},
		{"a case of a switch that never ran", 15, 9, false},
		{"an if that never ran", 18, 7, false},
		{"in a block that ran", 10, 5, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := prof.runnable(Mutant{File: "p/p.go", Line: tt.line, Col: tt.col}, []byte(blindSrc))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("runnable(%d:%d) = %v, want %v", tt.line, tt.col, got, tt.want)
			}
		})
	}
}

func TestParseProfileRejectsGarbage(t *testing.T) {
	for _, give := range []string{"mode: set\nno colon here\n", "mode: set\nm/p.go:1.2,x 1 1\n"} {
		if _, err := parseProfile(strings.NewReader(give), "m"); err == nil {
			t.Errorf("parseProfile(%q): no error", give)
		}
	}
}
