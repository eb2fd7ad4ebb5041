package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// The bars, as BENCHMARKS.md states them.
const (
	coldRatioBar = 1.3
	sizeBar      = 12 << 20 // "12 MB": read as MiB, the stricter of the two is 12e6
	rssBar       = 30 << 20
	overheadBar  = 1.15
)

type report struct {
	machine  string
	cold     map[string]sample
	sizes    map[string]size
	rss      map[string]int64
	overhead []pathResult
	micro    []string
	load     *loadResult
	took     time.Duration
}

func (r *report) ids() []string {
	var ids []string
	for id := range r.cold {
		if id != baseline {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return append([]string{baseline}, ids...)
}

func (r *report) ok() bool {
	hello := r.cold[baseline].median()
	for _, id := range r.ids() {
		if ratio(r.cold[id].median(), hello) > coldRatioBar || r.sizes[id].arm64 >= 12e6 || r.rss[id] >= rssBar {
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

	hello := r.cold[baseline].median()
	fmt.Fprintf(w, "## Cold start (INIT REPORT under aws-lambda-rie, %d cold starts each)\n\n", len(r.cold[baseline]))
	fmt.Fprintln(w, "| function | init median | spread | vs hello (bar ≤1.3x) | arm64 size (bar <12 MB) | host size | RSS after warm run (bar <30 MB) |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, id := range r.ids() {
		s := r.cold[id]
		rt := ratio(s.median(), hello)
		sz := r.sizes[id]
		fmt.Fprintf(w, "| %s | %s | %s | %.2fx %s | %s %s | %s | %s %s |\n", id, ms(s.median()), s.spread(),
			rt, verdict(rt <= coldRatioBar), mb(sz.arm64), verdict(sz.arm64 < 12e6), mb(sz.host),
			mb(r.rss[id]), verdict(r.rss[id] < rssBar))
	}

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
		fmt.Fprintf(w, "- zero loss: %d accepted, %d stored and marked queued, %d queued exactly once, %d with duplicate messages, %d stray messages — %s\n",
			l.accepted, l.stored, l.queuedOnce, l.duplicates, l.strays, verdict(l.clean()))
		if len(l.missing) > 0 {
			fmt.Fprintf(w, "- not stored or not marked queued: %v\n", l.missing[:min(len(l.missing), 10)])
		}
	}
	fmt.Fprintf(w, "\nWhole run: %s\n", r.took.Round(time.Second))
}
