package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/putuo-compliance/intake/infra/rie"
)

// coldStarts starts each function n times under a fresh emulator, invokes it
// once (the emulator runs the init on the first invocation) and keeps the init
// duration the emulator reports. Functions take turns, so that whatever else
// the machine does spreads over all of them alike; ids lists each function
// next to its floor, and every other round runs the list backwards, so each
// pair runs back to back, each member first half the time. The k-th value of
// every sample is from round k, which pairs them.
func coldStarts(ctx context.Context, emu rie.Emulator, bootstraps map[string]string, ids []string, e env, events map[string][]byte, n int) (map[string]sample, error) {
	out := map[string]sample{}
	for round := range n + 1 {
		order := slices.Clone(ids)
		if round%2 == 1 {
			slices.Reverse(order)
		}
		for _, id := range order {
			ev, err := eventFor(events, id)
			if err != nil {
				return nil, err
			}
			d, err := coldStart(ctx, emu, bootstraps[id], e.function(id), ev)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", id, err)
			}
			// The first round warms the page cache with the binaries.
			if round > 0 {
				out[id] = append(out[id], d)
			}
		}
	}
	return out, nil
}

func coldStart(ctx context.Context, emu rie.Emulator, bootstrap string, env map[string]string, event []byte) (time.Duration, error) {
	p, err := startInvoked(ctx, emu, bootstrap, env, event)
	if err != nil {
		return 0, err
	}
	defer p.Stop()
	return initDuration(p)
}

// initDuration waits for the emulator's INIT REPORT, which its log may write a
// moment after the answer has come back (seen on a loaded machine).
func initDuration(p *rie.Process) (time.Duration, error) {
	deadline := time.Now().Add(2 * time.Second)
	for {
		d, err := p.InitDuration()
		if err == nil || time.Now().After(deadline) {
			return d, err
		}
		time.Sleep(10 * time.Millisecond)
	}
}
