package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"github.com/putuo-compliance/intake/infra/rie"
)

// memorySizes are the sizes power tuning compares, in MB.
var memorySizes = []int{128, 256, 512, 1024}

// powerCell is one function at one memory size, under that size's CPU quota.
type powerCell struct {
	initQuota sample // init phase under the quota (INIT REPORT)
	first     sample // the first invocation, after that init (its INVOKE RTDONE)
	warm      sample // the invocations after it, in the same process
	throttled int    // CFS periods in which the quota held the function back
}

type powerResult struct {
	skipped string // why no cgroup could be used; then nothing was measured
	rounds  int
	warmN   int
	cells   map[string]map[int]*powerCell // function, MB
}

// powerTuning runs each function at each memory size under a cgroup CPU quota:
// a fresh emulator, one cold invocation, then warm ones. Rounds go over every
// function and size in turn, so the shared machine's noise falls on all alike.
func powerTuning(ctx context.Context, emu rie.Emulator, bootstraps map[string]string, fns []string, e env, events map[string][]byte, rounds, warm int, dir string) (*powerResult, error) {
	res := &powerResult{rounds: rounds, warmN: warm, cells: map[string]map[int]*powerCell{}}
	if why := cgroupUnavailable(); why != "" {
		res.skipped = why
		return res, nil
	}
	groups := map[int]*cpuGroup{}
	defer func() {
		for _, g := range groups {
			if err := g.remove(); err != nil {
				fmt.Fprintln(os.Stderr, "bench:", err)
			}
		}
	}()
	jails := map[int]rie.Emulator{}
	for _, mb := range memorySizes {
		g, err := newCPUGroup(mb)
		if err != nil {
			return nil, fmt.Errorf("cgroup for %d MB: %w", mb, err)
		}
		groups[mb] = g
		if jails[mb], err = g.jail(filepath.Join(dir, "power"), emu); err != nil {
			return nil, err
		}
	}
	for _, fn := range fns {
		res.cells[fn] = map[int]*powerCell{}
		for _, mb := range memorySizes {
			res.cells[fn][mb] = &powerCell{}
		}
	}
	for range rounds {
		for _, fn := range fns {
			ev, err := eventFor(events, fn)
			if err != nil {
				return nil, err
			}
			for _, mb := range memorySizes {
				before, _ := groups[mb].throttled()
				if err := invokeUnderQuota(ctx, jails[mb], bootstraps[fn], e.function(fn), mb, ev, warm, res.cells[fn][mb]); err != nil {
					return nil, fmt.Errorf("%s at %d MB: %w", fn, mb, err)
				}
				after, _ := groups[mb].throttled()
				res.cells[fn][mb].throttled += after - before
			}
		}
	}
	return res, nil
}

// invokeDone is the emulator's line for a finished invocation: the function's
// time from receiving the event to answering, which Lambda bills.
var invokeDone = regexp.MustCompile(`INVOKE RTDONE\(status: (\w+), produced bytes: \d+, duration: ([0-9.]+)ms\)`)

func invokeUnderQuota(ctx context.Context, emu rie.Emulator, bootstrap string, vars map[string]string, mb int, event []byte, warm int, c *powerCell) error {
	vars["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = strconv.Itoa(mb)
	p, err := startInvoked(ctx, emu, bootstrap, vars, event)
	if err != nil {
		return err
	}
	defer p.Stop()
	for i := range warm {
		ictx, cancel := context.WithTimeout(ctx, 30*time.Second)
		status, body, err := p.Invoke(ictx, event)
		cancel()
		if err != nil || status != 200 {
			return fmt.Errorf("warm invocation %d: %d %.200s %v\n%s", i, status, body, err, p.Logs())
		}
	}
	init, err := initDuration(p)
	if err != nil {
		return err
	}
	ds, err := invokeDurations(p, 1+warm)
	if err != nil {
		return err
	}
	c.initQuota = append(c.initQuota, init)
	c.first = append(c.first, ds[0])
	c.warm = append(c.warm, ds[1:]...)
	return nil
}

// invokeDurations reads the n invocations' durations from the emulator's log,
// which may trail the answers by a moment.
func invokeDurations(p *rie.Process, n int) ([]time.Duration, error) {
	deadline := time.Now().Add(2 * time.Second)
	for {
		m := invokeDone.FindAllStringSubmatch(p.Logs(), -1)
		if len(m) >= n {
			var out []time.Duration
			for _, x := range m[:n] {
				if x[1] != "success" {
					return nil, fmt.Errorf("an invocation ended %s:\n%s", x[1], p.Logs())
				}
				v, err := strconv.ParseFloat(x[2], 64)
				if err != nil {
					return nil, err
				}
				out = append(out, time.Duration(v*float64(time.Millisecond)))
			}
			return out, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%d of %d INVOKE RTDONE lines in the emulator's log:\n%s", len(m), n, p.Logs())
		}
		time.Sleep(10 * time.Millisecond)
	}
}
