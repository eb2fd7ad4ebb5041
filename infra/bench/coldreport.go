package main

import (
	"fmt"
	"io"
)

// printCold prints each function beside its floor and the hello world: init
// (median of the alternating cold starts), arm64 size, and RSS, each against
// its bar.
func (r *report) printCold(w io.Writer) {
	fmt.Fprintf(w, "## Cold start and size: function, its floor, hello world (INIT REPORT under aws-lambda-rie, %d alternating cold starts each)\n\n", len(r.cold[baseline]))
	fmt.Fprintln(w, "| function | init: function / floor / hello (median) | function p10–p90 | init vs floor (bar ≤1.10x) | paired | arm64: function / floor / hello | over floor (bar ≤ +1.5 MB) | RSS after warm run (bar <30 MB) |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
	hello := r.cold[baseline].median()
	helloSize := r.sizes[baseline].arm64
	for _, fn := range r.fns {
		floor := floorOf[fn]
		init, rt, paired := "not run", "not run", "not run"
		if r.cold != nil {
			init = fmt.Sprintf("%s / %s / %s", ms(r.cold[fn].median()), ms(r.cold[floor].median()), ms(hello))
			rt = fmt.Sprintf("%.2fx %s", r.floorRatio(fn), verdict(r.floorRatio(fn) <= floorRatioBar))
			paired = fmt.Sprintf("%.2fx", r.pairedRatio(fn))
		}
		rss := "not run"
		if r.rss != nil {
			rss = fmt.Sprintf("%s %s", mb(r.rss[fn]), verdict(r.rss[fn] < rssBar))
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s / %s / %s | %+.2f MB %s | %s |\n", fn, init, r.cold[fn].spread(), rt, paired,
			mb(r.sizes[fn].arm64), mb(r.sizes[floor].arm64), mb(helloSize),
			float64(r.overFloor(fn))/1e6, verdict(r.overFloor(fn) <= floorSizeBar), rss)
	}
	fmt.Fprintln(w, "\n\"paired\": the median over rounds of function / floor within a round, where the two ran back to back (a check on the bar's ratio of medians).")
	if r.rss != nil {
		fmt.Fprintf(w, "\nRSS of the hello world after the same warm run: %s.\n", mb(r.rss[baseline]))
	}
}
