// Package rie runs built Lambda bootstraps under the AWS Lambda Runtime Interface
// Emulator (aws-lambda-rie) on the host, as `sam local invoke` does in Docker:
// the emulator starts the bootstrap on the first invocation, speaks the Lambda
// Runtime API to it and reports the init phase as Lambda does.
//
// The emulator is built from infra/tools, a module of its own, so its
// dependencies never pin the service's.
package rie

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Package is the emulator's command, as infra/tools/go.mod pins it.
const Package = "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie"

// Emulator is a built aws-lambda-rie.
type Emulator struct {
	Path string
}

// Build builds the emulator from the tools module in toolsDir (infra/tools)
// into outDir. It fails, never skips, when the emulator cannot be built: the
// Lambda-fidelity test is worthless without it.
func Build(ctx context.Context, toolsDir, outDir string) (Emulator, error) {
	bin := filepath.Join(outDir, "aws-lambda-rie")
	// The emulator runs on the host, so it is built for the host; CGO off keeps it
	// independent of the host's C toolchain.
	cmd := exec.CommandContext(ctx, goBin(), "build", "-trimpath", "-o", bin, Package)
	cmd.Dir = toolsDir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=", "GOARCH=")
	if out, err := cmd.CombinedOutput(); err != nil {
		return Emulator{}, fmt.Errorf("build aws-lambda-rie in %s: %w\n%s", toolsDir, err, out)
	}
	return Emulator{Path: bin}, nil
}

// BuildFunction builds a function with its Makefile target, build-<logicalID>,
// exactly as `sam build` does, and returns the path of its bootstrap.
func BuildFunction(ctx context.Context, repoDir, logicalID, goarch, outDir string) (string, error) {
	dir := filepath.Join(outDir, goarch, logicalID)
	cmd := exec.CommandContext(ctx, "make", "-s", "-C", repoDir, "build-"+logicalID,
		"GOARCH="+goarch, "ARTIFACTS_DIR="+dir)
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(goBin())+string(os.PathListSeparator)+os.Getenv("PATH"))
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("make build-%s GOARCH=%s: %w\n%s", logicalID, goarch, err, out)
	}
	return filepath.Join(dir, "bootstrap"), nil
}

// goBin is the go command of the running toolchain when it can be found, so
// builds use the same Go as the tests.
func goBin() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(os.Getenv("GOROOT"), "bin", "go")
}

// Process is a running emulator with one function.
type Process struct {
	url  string
	cmd  *exec.Cmd
	logs *syncBuffer
	done chan struct{}
	err  error // of cmd.Wait, once done is closed
	http *http.Client
}

// Start runs the emulator for bootstrap on loopback ports of its own and waits
// until it accepts invocations. env is the whole environment of the emulator,
// which passes it on to the function (as Lambda passes a function's variables);
// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN reach the
// function as Lambda's execution-role credentials.
func (e Emulator) Start(ctx context.Context, bootstrap string, env map[string]string) (*Process, error) {
	// The Runtime API gets its own port too: the emulator's default, 9001, would
	// clash between emulators running side by side (parallel tests, benchmarks).
	addrs, err := freeAddrs(2)
	if err != nil {
		return nil, err
	}
	api, runtimeAPI := addrs[0], addrs[1]
	cmd := exec.Command(e.Path,
		"--runtime-interface-emulator-address", api,
		"--runtime-api-address", runtimeAPI,
		bootstrap)
	cmd.Dir = filepath.Dir(bootstrap)
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	logs := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	// A process group of its own, so Stop ends the function with the emulator.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start aws-lambda-rie: %w", err)
	}
	p := &Process{
		url:  "http://" + api + "/2015-03-31/functions/function/invocations",
		cmd:  cmd,
		logs: logs,
		done: make(chan struct{}),
		http: &http.Client{Timeout: 30 * time.Second},
	}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	if err := p.waitListening(ctx, api, 10*time.Second); err != nil {
		p.Stop()
		return nil, err
	}
	return p, nil
}

func (p *Process) waitListening(ctx context.Context, addr string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		select {
		case <-p.done:
			return fmt.Errorf("aws-lambda-rie exited before it listened (%v):\n%s", p.err, p.Logs())
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("aws-lambda-rie not listening on %s after %s:\n%s", addr, limit, p.Logs())
		}
	}
}

// Invoke sends one event, as `sam local invoke` or the Lambda Invoke API would,
// and returns the emulator's HTTP status and the function's response payload.
// The first invocation runs the function's init.
func (p *Process) Invoke(ctx context.Context, event []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader(event))
	if err != nil {
		return 0, nil, err
	}
	resp, err := p.http.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("invoke: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

// initReport is the emulator's line about the init phase, e.g.
// "INIT REPORT(durationMs: 12.345000)": from starting the bootstrap until it
// asks for its first event. The REPORT line's "Init Duration" is not used:
// the emulator measures only the call that starts the init there.
var initReport = regexp.MustCompile(`INIT REPORT\(durationMs: ([0-9.]+)\)`)

// InitDuration is the init phase's duration as the emulator reported it, once
// the first invocation has run.
func (p *Process) InitDuration() (time.Duration, error) {
	m := initReport.FindStringSubmatch(p.logs.String())
	if m == nil {
		return 0, fmt.Errorf("no INIT REPORT in the emulator's log:\n%s", p.Logs())
	}
	ms, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, err
	}
	return time.Duration(ms * float64(time.Millisecond)), nil
}

// FunctionPID is the process id of the running bootstrap: the emulator's child.
func (p *Process) FunctionPID() (int, error) {
	parent := strconv.Itoa(p.cmd.Process.Pid)
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0, err
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if v, ok := procStatus(pid, "PPid"); ok && v == parent {
			return pid, nil
		}
	}
	return 0, errors.New("the function's process is not running (has it been invoked?)")
}

// RSS is the resident set size of a process (VmRSS in /proc/<pid>/status).
func RSS(pid int) (int64, error) {
	v, ok := procStatus(pid, "VmRSS")
	if !ok {
		return 0, fmt.Errorf("no VmRSS for process %d", pid)
	}
	kb, err := strconv.ParseInt(strings.TrimSuffix(v, " kB"), 10, 64)
	if err != nil {
		return 0, err
	}
	return kb << 10, nil
}

func procStatus(pid int, field string) (string, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "", false
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

// Logs is what the emulator and the function wrote so far.
func (p *Process) Logs() string { return p.logs.String() }

// Stop ends the emulator and the function and waits for them.
func (p *Process) Stop() {
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	<-p.done
}

// freeAddrs returns n distinct free loopback addresses. The listeners are held
// open until all n are chosen: closing each before asking for the next lets
// the kernel hand out the same port twice.
func freeAddrs(n int) ([]string, error) {
	addrs := make([]string, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("find a free port: %w", err)
		}
		defer l.Close()
		addrs = append(addrs, l.Addr().String())
	}
	return addrs, nil
}

// syncBuffer collects the emulator's output, which its own goroutines and the
// function write while a caller reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
