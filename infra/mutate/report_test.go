package main

import (
	"strings"
	"testing"
)

func TestTallies(t *testing.T) {
	ms := []Mutant{
		{File: "shared/a/x.go", Status: Killed},
		{File: "shared/a/y.go", Status: Killed, Ours: true},
		{File: "shared/a/x.go", Status: Lived},
		{File: "shared/a/x.go", Status: NotCovered},
		{File: "shared/a/x.go", Status: TimedOut},
		{File: "shared/a/x.go", Status: NotViable, Ours: true},
		{File: "shared/a/sub/z.go", Status: Lived},
	}
	got := tallies(ms)
	want := []tally{
		{Dir: "shared/a", Killed: 2, Lived: 1, NotCovered: 1, TimedOut: 1, NotViable: 1, Ours: 2},
		{Dir: "shared/a/sub", Lived: 1},
	}
	if len(got) != len(want) {
		t.Fatalf("tallies = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("tally %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestEfficacyAndBar(t *testing.T) {
	tests := []struct {
		name     string
		give     tally
		wantPct  float64
		wantOK   bool
		wantMeet bool
	}{
		{"all killed", tally{Killed: 4}, 100, true, true},
		{"exactly at the bar", tally{Killed: 17, Lived: 3}, 85, true, true},
		{"just under", tally{Killed: 16, Lived: 3, NotCovered: 50, TimedOut: 9, NotViable: 9}, 100 * 16.0 / 19, true, false},
		{"nothing run", tally{NotCovered: 3}, 0, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pct, ok := tt.give.efficacy()
			if pct != tt.wantPct || ok != tt.wantOK {
				t.Errorf("efficacy = %v, %v, want %v, %v", pct, ok, tt.wantPct, tt.wantOK)
			}
			if got := tt.give.meets(85); got != tt.wantMeet {
				t.Errorf("meets(85) = %v, want %v", got, tt.wantMeet)
			}
		})
	}
}

func TestWriteTable(t *testing.T) {
	var b strings.Builder
	writeTable(&b, []tally{{Dir: "shared/a", Killed: 9, Lived: 1, Ours: 2}, {Dir: "shared/b", Killed: 1, Lived: 1}}, 85)
	for _, want := range []string{
		"| shared/a | 9 | 1 | 0 | 0 | 0 | 90.0% | 2 |",
		"| shared/b | 1 | 1 | 0 | 0 | 0 | 50.0% (UNDER 85%) | 0 |",
	} {
		if !strings.Contains(b.String(), want+"\n") {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}
