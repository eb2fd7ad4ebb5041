package main

import (
	"fmt"
	"slices"
	"time"
)

// sample is a set of measurements of one thing.
type sample []time.Duration

func (s sample) sorted() sample {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

// quantile is the q-quantile by the nearest-rank method; enough for the tens to
// thousands of values here.
func (s sample) quantile(q float64) time.Duration {
	if len(s) == 0 {
		return 0
	}
	c := s.sorted()
	i := int(q*float64(len(c))+0.5) - 1
	return c[max(0, min(i, len(c)-1))]
}

func (s sample) median() time.Duration { return s.quantile(0.5) }

// spread is what the report shows beside a median: the middle 80 per cent.
func (s sample) spread() string {
	return fmt.Sprintf("p10 %s – p90 %s", ms(s.quantile(0.1)), ms(s.quantile(0.9)))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

func mb(n int64) string { return fmt.Sprintf("%.2f MB", float64(n)/1e6) }

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

// verdict marks a figure against its bar.
func verdict(ok bool) string {
	if ok {
		return "PASS"
	}
	return "FAIL"
}
