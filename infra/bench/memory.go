package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/putuo-compliance/intake/infra/rie"
)

type size struct{ arm64, host int64 }

func sizes(arm, host map[string]string, ids []string) map[string]size {
	out := map[string]size{}
	for _, id := range ids {
		var s size
		if fi, err := os.Stat(arm[id]); err == nil {
			s.arm64 = fi.Size()
		}
		if fi, err := os.Stat(host[id]); err == nil {
			s.host = fi.Size()
		}
		out[id] = s
	}
	return out
}

// residentMemory invokes each function n times in one warm process and reads the
// bootstrap's resident set size afterwards, as Lambda's "Max Memory Used" would
// show it near its end.
func residentMemory(ctx context.Context, emu rie.Emulator, bootstraps map[string]string, ids []string, e env, events map[string][]byte, n int) (map[string]int64, error) {
	out := map[string]int64{}
	for _, id := range ids {
		ev, err := eventFor(events, id)
		if err != nil {
			return nil, err
		}
		p, err := startInvoked(ctx, emu, bootstraps[id], e.function(id), ev)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", id, err)
		}
		rss, err := func() (int64, error) {
			defer p.Stop()
			for i := 1; i < n; i++ {
				ictx, cancel := context.WithTimeout(ctx, 30*time.Second)
				status, body, err := p.Invoke(ictx, ev)
				cancel()
				if err != nil || status != 200 {
					return 0, fmt.Errorf("invocation %d: %d %.200s %v", i, status, body, err)
				}
			}
			pid, err := p.FunctionPID()
			if err != nil {
				return 0, err
			}
			return rie.RSS(pid)
		}()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", id, err)
		}
		out[id] = rss
	}
	return out, nil
}
