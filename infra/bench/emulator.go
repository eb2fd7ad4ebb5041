package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/putuo-compliance/intake/infra/rie"
)

// startInvoked starts an emulator for bootstrap and makes its first (cold)
// invocation. rie.Start picks two free loopback ports and frees them for the
// emulator to bind; on a busy machine another process (a neighbouring
// emulator) can take one in between, and the emulator then panics on "address
// already in use". Only that is retried, at most twice: any other failure is
// the function's and is returned.
func startInvoked(ctx context.Context, emu rie.Emulator, bootstrap string, env map[string]string, event []byte) (*rie.Process, error) {
	for attempt := 1; ; attempt++ {
		p, err := emu.Start(ctx, bootstrap, env)
		if err != nil {
			return nil, err
		}
		ictx, cancel := context.WithTimeout(ctx, 30*time.Second)
		status, body, err := p.Invoke(ictx, event)
		cancel()
		if err == nil && status == 200 {
			return p, nil
		}
		logs := p.Logs()
		p.Stop()
		if attempt < 3 && strings.Contains(logs, "address already in use") {
			continue
		}
		return nil, fmt.Errorf("invoke: %d %.200s %v\n%s", status, body, err, logs)
	}
}
