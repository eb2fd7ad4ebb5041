package main

import (
	"fmt"
	"io"
	"math"
	"time"

	"github.com/putuo-compliance/intake/infra/local/samtemplate"
)

// Lambda list prices, arm64, us-east-1, as published on aws.amazon.com/lambda/pricing
// (read for this bench in November 2026; check before relying on them).
const (
	pricePerGBSecond = 0.0000133334
	pricePerMillion  = 0.20
)

// The cost model's assumptions (docs/cost.md): one invocation in ten is cold, and
// a cold one is billed its init as well (provided.al2023 always was; since
// 1 August 2025 every runtime is).
const coldShare = 0.10

// The choice rule: among the sizes whose p95 first invocation under the quota
// stays under firstP95Bar, the cheapest; sizes within costTie of the cheapest
// cost the same within the measurement's noise, and of those the one with the
// lowest p95 warm duration is chosen - the same money for a shorter tail. When
// no size meets the bar, more CPU did not bring the function under it (its time
// is waiting on I/O), so the same rule runs over every size: paying for CPU
// that does not help is not a choice.
const (
	firstP95Bar = 300 * time.Millisecond
	costTie     = 0.01
)

// billedMs is a duration as Lambda bills it: rounded up to the millisecond.
func billedMs(d time.Duration) float64 { return math.Ceil(float64(d) / float64(time.Millisecond)) }

// meanBilledMs is the expected billed duration of a sample: cost is linear in
// it, so the mean, not the median, prices a million invocations.
func meanBilledMs(s sample) float64 {
	if len(s) == 0 {
		return 0
	}
	t := 0.0
	for _, d := range s {
		t += billedMs(d)
	}
	return t / float64(len(s))
}

// costPerMillion prices a million invocations of c at mb, coldShare of them
// cold, each cold one billed init as well.
func costPerMillion(c *powerCell, mb int, init time.Duration) float64 {
	ms := (1-coldShare)*meanBilledMs(c.warm) + coldShare*(meanBilledMs(c.first)+billedMs(init))
	return 1e6*ms/1000*float64(mb)/1024*pricePerGBSecond + pricePerMillion
}

// initFree is a function's init without a quota, from the cold-start part of
// the same run (Lambda is widely reported not to throttle init); without that
// part, the init under the quota stands in, which can only overstate the cost.
func (r *report) initFree(fn string, c *powerCell) (time.Duration, bool) {
	if s := r.cold[fn]; len(s) > 0 {
		return s.median(), true
	}
	return c.initQuota.median(), false
}

// choose applies the rule to one function's rows; false says that no size met
// the latency bar, and the rule ran over every size.
func (r *report) choose(fn string) (int, bool) {
	cost := func(mb int) float64 {
		c := r.power.cells[fn][mb]
		init, _ := r.initFree(fn, c)
		return costPerMillion(c, mb, init)
	}
	var ok []int
	for _, mb := range memorySizes {
		if r.power.cells[fn][mb].first.quantile(0.95) < firstP95Bar {
			ok = append(ok, mb)
		}
	}
	met := len(ok) > 0
	if !met {
		ok = memorySizes
	}
	cheapest := math.Inf(1)
	for _, mb := range ok {
		cheapest = min(cheapest, cost(mb))
	}
	best := 0
	for _, mb := range ok {
		if cost(mb) > cheapest*(1+costTie) {
			continue
		}
		if best == 0 || r.power.cells[fn][mb].warm.quantile(0.95) < r.power.cells[fn][best].warm.quantile(0.95) {
			best = mb
		}
	}
	return best, met
}

func (r *report) printPower(w io.Writer) {
	p := r.power
	if p == nil {
		return
	}
	fmt.Fprintf(w, "\n## Memory size: durations and cost under a cgroup CPU quota (power tuning)\n\n")
	if p.skipped != "" {
		fmt.Fprintf(w, "Skipped: %s. No figures are given rather than unthrottled ones.\n", p.skipped)
		return
	}
	fmt.Fprintf(w, "%d cold processes per function and size, alternating, each invoked once cold and %d times warm; "+
		"quota = %d µs × MB / %d per %d µs period. Cost per million invocations: arm64 us-east-1 list prices "+
		"($%.10f per GB-s, $%.2f per million requests), billed duration rounded up to 1 ms, mean billed duration, "+
		"%.0f%% cold, each cold one billed its init too.\n\n",
		p.rounds, p.warmN, cfsPeriodUs, vcpuMB, cfsPeriodUs, pricePerGBSecond, pricePerMillion, coldShare*100)
	fmt.Fprintln(w, "| function | MB | CPU share | init unthrottled / under quota (median) | first invocation median / p95 | warm median / p95 | throttled periods | cost per million (init unthrottled) | (init under quota) |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|")
	for _, fn := range r.fns {
		for _, mb := range memorySizes {
			c := p.cells[fn][mb]
			init, measured := r.initFree(fn, c)
			free := ms(init)
			if !measured {
				free = "not run"
			}
			fmt.Fprintf(w, "| %s | %d | %.1f%% | %s / %s | %s / %s | %s / %s | %d | $%.4f | $%.4f |\n", fn, mb,
				100*float64(quotaUs(mb))/cfsPeriodUs, free, ms(c.initQuota.median()),
				ms(c.first.median()), ms(c.first.quantile(0.95)), ms(c.warm.median()), ms(c.warm.quantile(0.95)),
				c.throttled, costPerMillion(c, mb, init), costPerMillion(c, mb, c.initQuota.median()))
		}
	}
	fmt.Fprintf(w, "\nChosen by the rule \"of the sizes whose p95 first invocation under the quota is under %s, the cheapest; "+
		"within %.0f%% of the cheapest's cost, the one with the lowest p95 warm duration\":\n\n", firstP95Bar, costTie*100)
	for _, fn := range r.fns {
		mb, ok := r.choose(fn)
		c := p.cells[fn][mb]
		note := ""
		if !ok {
			note = fmt.Sprintf(" (no size keeps the first invocation's p95 under %s: the rule ran over every size)", firstP95Bar)
		}
		init, _ := r.initFree(fn, c)
		tmpl := fmt.Sprintf("template.yaml has %d MB", r.memory[fn])
		if r.memory[fn] != mb {
			tmpl += ", which differs"
		}
		fmt.Fprintf(w, "- %s: %d MB%s - first invocation p95 %s, warm median %s / p95 %s, $%.4f per million (%s)\n", fn, mb, note,
			ms(c.first.quantile(0.95)), ms(c.warm.median()), ms(c.warm.quantile(0.95)), costPerMillion(c, mb, init), tmpl)
	}
}

// templateMemory is each function's MemorySize in the template: its own, else
// Globals', else Lambda's default of 128 MB.
func templateMemory(t *samtemplate.Template, fns []string) map[string]int {
	out := map[string]int{}
	global, _ := t.Globals["Function"].(map[string]any)
	for _, fn := range fns {
		out[fn] = 128
		for _, props := range []map[string]any{global, t.Resources[fn].Properties} {
			if v, ok := props["MemorySize"].(int); ok {
				out[fn] = v
			}
		}
	}
	return out
}
