package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// The bars, as BENCHMARKS.md states them.
const (
	floorRatioBar = 1.10  // a function's init against its floor's
	floorSizeBar  = 1.5e6 // bytes a function's arm64 bootstrap may add to its floor's
	rssBar        = 30 << 20
	overheadBar   = 1.15
)

type report struct {
	machine  string
	fns      []string // the template's functions, sorted
	cold     map[string]sample
	sizes    map[string]size
	rss      map[string]int64
	power    *powerResult
	memory   map[string]int // MemorySize per function in template.yaml
	overhead []pathResult
	micro    []string
	load     *loadResult
	took     time.Duration
}

// floorRatio is a function's median init over its floor's.
func (r *report) floorRatio(fn string) float64 {
	return ratio(r.cold[fn].median(), r.cold[floorOf[fn]].median())
}

// pairedRatio is the median over rounds of a function's init over its floor's
// in the same round, where the two ran back to back: a check on floorRatio
// that the machine's drift between rounds cannot move.
func (r *report) pairedRatio(fn string) float64 {
	f, fl := r.cold[fn], r.cold[floorOf[fn]]
	var rs []float64
	for k := range min(len(f), len(fl)) {
		rs = append(rs, ratio(f[k], fl[k]))
	}
	if len(rs) == 0 {
		return 0
	}
	slices.Sort(rs)
	return rs[len(rs)/2]
}

// overFloor is what a function's arm64 bootstrap adds to its floor's.
func (r *report) overFloor(fn string) int64 { return r.sizes[fn].arm64 - r.sizes[floorOf[fn]].arm64 }

func (r *report) ok() bool {
	for _, fn := range r.fns {
		if r.cold != nil && r.floorRatio(fn) > floorRatioBar {
			return false
		}
		if r.overFloor(fn) > floorSizeBar {
			return false
		}
		if r.rss != nil && r.rss[fn] >= rssBar {
			return false
		}
	}
	for _, p := range r.overhead {
		if ratio(p.ours.median(), p.raw.median()) > overheadBar {
			return false
		}
	}
	return r.load == nil || r.load.clean()
}

func (l *loadResult) clean() bool {
	return l.stored == l.accepted && l.queuedOnce == l.accepted && l.strays == 0 && l.transportErrs == 0
}

func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "\n# make bench — %s\n\nMachine: %s\n\n", time.Now().Format("2006-01-02 15:04"), r.machine)

	r.printCold(w)
	r.printPower(w)

	fmt.Fprintf(w, "\n## Warm request path: our handler vs the raw SDK calls it makes (same moto, interleaved)\n\n")
	fmt.Fprintln(w, "| path | raw calls | ours median | raw median | ratio (bar ≤1.15x) | ours p90 | raw p90 | log bytes/request |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
	for _, p := range r.overhead {
		rt := ratio(p.ours.median(), p.raw.median())
		fmt.Fprintf(w, "| %s | %s | %s | %s | %.3fx %s | %s | %s | %.0f |\n", p.name, p.calls, ms(p.ours.median()), ms(p.raw.median()),
			rt, verdict(rt <= overheadBar), ms(p.ours.quantile(0.9)), ms(p.raw.quantile(0.9)), p.logBytes)
	}
	for _, p := range r.overhead {
		if p.itemBytes > 0 {
			fmt.Fprintf(w, "\nStored item of a typical consultation: %d bytes (DynamoDB's sizing); queue message: %d bytes.\n", p.itemBytes, p.messageSize)
		}
	}

	fmt.Fprintf(w, "\n## go test -bench (validation, encoding, routing)\n\n```\n%s\n```\n", strings.Join(r.micro, "\n"))

	if l := r.load; l != nil {
		fmt.Fprintf(w, "\n## Load through the local API (make run's stack): %d submissions, %d clients\n\n", l.n, l.conc)
		fmt.Fprintf(w, "- throughput %.0f submissions/s over %s\n", float64(len(l.latency))/l.took.Seconds(), l.took.Round(time.Millisecond))
		fmt.Fprintf(w, "- latency p50 %s, p99 %s, max %s\n", ms(l.latency.median()), ms(l.latency.quantile(0.99)), ms(l.latency.quantile(1)))
		fmt.Fprintf(w, "- statuses %v, transport errors %d\n", l.statuses, l.transportErrs)
		fmt.Fprintf(w, "- zero loss: %d accepted, %d stored and marked queued, %d queued exactly once (%d of them already taken by the inbox and listed), %d with duplicate messages, %d stray messages — %s\n",
			l.accepted, l.stored, l.queuedOnce, l.listed, l.duplicates, l.strays, verdict(l.clean()))
		if len(l.missing) > 0 {
			fmt.Fprintf(w, "- not stored or not marked queued: %v\n", l.missing[:min(len(l.missing), 10)])
		}
	}
	fmt.Fprintf(w, "\nWhole run: %s\n", r.took.Round(time.Second))
}
