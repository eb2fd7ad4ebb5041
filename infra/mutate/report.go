package main

import (
	"fmt"
	"io"
	"sort"
)

// tally counts one package's mutants by status.
type tally struct {
	Dir                                            string
	Killed, Lived, NotCovered, TimedOut, NotViable int
	Ours                                           int // statuses decided here rather than by gremlins
}

// efficacy is killed / (killed + lived), in percent; ok is false when no
// mutant was run at all, which proves nothing.
func (t tally) efficacy() (pct float64, ok bool) {
	if t.Killed+t.Lived == 0 {
		return 0, false
	}
	return 100 * float64(t.Killed) / float64(t.Killed+t.Lived), true
}

// meets says whether the package clears the bar, in percent.
func (t tally) meets(bar float64) bool {
	e, ok := t.efficacy()
	return ok && e >= bar
}

// tallies counts mutants per package, in package order.
func tallies(ms []Mutant) []tally {
	by := map[string]*tally{}
	for _, m := range ms {
		t := by[m.Dir()]
		if t == nil {
			t = &tally{Dir: m.Dir()}
			by[m.Dir()] = t
		}
		switch m.Status {
		case Killed:
			t.Killed++
		case Lived:
			t.Lived++
		case NotCovered:
			t.NotCovered++
		case TimedOut:
			t.TimedOut++
		case NotViable:
			t.NotViable++
		}
		if m.Ours {
			t.Ours++
		}
	}
	out := make([]tally, 0, len(by))
	for _, t := range by {
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Dir < out[j].Dir })
	return out
}

// writeTable writes the score table as Markdown, for docs/testing.md.
func writeTable(w io.Writer, ts []tally, bar float64) {
	fmt.Fprintln(w, "| package | killed | lived | not covered | timed out | not viable | efficacy | by infra/mutate |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, t := range ts {
		eff := "n/a"
		if e, ok := t.efficacy(); ok {
			eff = fmt.Sprintf("%.1f%%", e)
		}
		if !t.meets(bar) {
			eff += fmt.Sprintf(" (UNDER %.0f%%)", bar)
		}
		fmt.Fprintf(w, "| %s | %d | %d | %d | %d | %d | %s | %d |\n", t.Dir, t.Killed, t.Lived, t.NotCovered, t.TimedOut, t.NotViable, eff, t.Ours)
	}
}
