package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/putuo-compliance/intake/infra/rie"
)

// cpuRoot is where cgroup v1 mounts the CPU controller.
const cpuRoot = "/sys/fs/cgroup/cpu"

// Lambda gives a function one vCPU at 1,769 MB and CPU in proportion below that
// (AWS Lambda docs, "Configure Lambda function memory"); the quota emulates that
// share within CFS's period.
const (
	cfsPeriodUs = 100000
	vcpuMB      = 1769
)

// quotaUs is the CPU time per period a function of mb megabytes gets.
func quotaUs(mb int) int { return cfsPeriodUs * mb / vcpuMB }

// cpuGroup is a child cgroup of the CPU controller that holds a function's
// process to a memory size's share of one CPU.
type cpuGroup struct {
	dir string
	mb  int
}

// cgroupUnavailable says why no CPU quota can be set here, or "" when it can.
func cgroupUnavailable() string {
	if os.Geteuid() != 0 {
		return "not root"
	}
	if _, err := os.Stat(filepath.Join(cpuRoot, "cpu.cfs_quota_us")); err != nil {
		return "no cgroup v1 CPU controller at " + cpuRoot
	}
	probe := filepath.Join(cpuRoot, fmt.Sprintf("bench-probe-%d", os.Getpid()))
	if err := os.Mkdir(probe, 0o755); err != nil {
		return "cannot create a cgroup under " + cpuRoot + ": " + err.Error()
	}
	_ = os.Remove(probe)
	return ""
}

// newCPUGroup creates the group for mb megabytes, named after this process so
// that runs side by side do not collide.
func newCPUGroup(mb int) (*cpuGroup, error) {
	g := &cpuGroup{dir: filepath.Join(cpuRoot, fmt.Sprintf("bench-%d-%dmb", os.Getpid(), mb)), mb: mb}
	if err := os.Mkdir(g.dir, 0o755); err != nil {
		return nil, err
	}
	for file, v := range map[string]int{"cpu.cfs_period_us": cfsPeriodUs, "cpu.cfs_quota_us": quotaUs(mb)} {
		if err := os.WriteFile(filepath.Join(g.dir, file), []byte(strconv.Itoa(v)), 0o644); err != nil {
			_ = os.Remove(g.dir)
			return nil, fmt.Errorf("%s: %w", file, err)
		}
	}
	return g, nil
}

// procs is the file a process writes its pid to, to join the group.
func (g *cpuGroup) procs() string { return filepath.Join(g.dir, "cgroup.procs") }

// throttled is how often and for how long the group was held back
// (cpu.stat), to show the quota bit.
func (g *cpuGroup) throttled() (periods int, d time.Duration) {
	b, _ := os.ReadFile(filepath.Join(g.dir, "cpu.stat"))
	for line := range strings.Lines(string(b)) {
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		n, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "nr_throttled":
			periods = int(n)
		case "throttled_time":
			d = time.Duration(n)
		}
	}
	return periods, d
}

// remove deletes the group once its processes have gone; a killed process
// may take a moment to leave it, so this waits up to a second.
func (g *cpuGroup) remove() error {
	var err error
	for range 50 {
		if err = os.Remove(g.dir); err == nil || errors.Is(err, os.ErrNotExist) {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("remove cgroup %s: %w", g.dir, err)
}

// jail returns an emulator that joins g before it starts: a script that writes
// its pid to the group and execs the real emulator, whose bootstrap then starts
// inside the group (a child inherits its parent's group). The quota so caps the
// emulator and the function together, as Lambda's caps the whole sandbox, its
// runtime API included. Joining costs milliseconds (a cgroup migration), which is
// why it happens as the emulator starts, before anything is timed, rather than
// in a wrapper around the bootstrap, where it would land in the init figure.
func (g *cpuGroup) jail(dir string, emu rie.Emulator) (rie.Emulator, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return rie.Emulator{}, err
	}
	real, err := filepath.Abs(emu.Path)
	if err != nil {
		return rie.Emulator{}, err
	}
	script := fmt.Sprintf("#!/bin/sh\necho $$ > %s || exit 1\nexec %s \"$@\"\n", g.procs(), real)
	path := filepath.Join(dir, filepath.Base(g.dir)+"-aws-lambda-rie")
	return rie.Emulator{Path: path}, os.WriteFile(path, []byte(script), 0o755)
}
