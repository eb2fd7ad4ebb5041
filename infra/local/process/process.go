// Package process runs the local stack's helper servers (moto_server,
// Mailpit) as child processes: start one, wait until it answers, stop it. Each
// runs in a process group of its own, so that Stop also ends the workers it
// may spawn and a Ctrl-C meant for the parent reaches it only through Stop,
// and it dies with its parent, so that a killed test or make run leaves none
// behind.
package process

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
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Options say how to run a process.
type Options struct {
	Name string   // what the errors call it, e.g. "moto_server"
	Path string   // the program
	Args []string // its arguments
	// ReadyURL is an HTTP endpoint that answers 200 once the process serves.
	ReadyURL string
	// Ports are the TCP ports the process listens on. It is ready only once
	// it holds them itself: a port picked free (FreePort) may have been taken
	// meanwhile by another program, whose answer on ReadyURL is not this
	// process's; this one then fails to listen and exits (an ExitError), and
	// the caller can try again on other ports.
	Ports []int
	// Verbose sends the process's output to stderr as it comes; otherwise
	// only its last lines are kept, for the error when it does not start.
	Verbose bool
	// Wait is the longest to wait for it to answer: default DefaultWait.
	Wait time.Duration
}

// DefaultWait is how long Start waits for a process to answer by default:
// long enough for a Python server's first import on a busy machine.
const DefaultWait = 60 * time.Second

// tailSize is how much of a quiet process's output is kept for its errors.
const tailSize = 4 << 10

// Process is a running child process.
type Process struct {
	cmd  *exec.Cmd
	out  *tail
	done chan struct{}
	err  error // how it exited, once done is closed
}

// ExitError is a process that exited before it answered: Code is its exit
// status (-1 when a signal ended it), Output the last of what it wrote.
type ExitError struct {
	Name   string
	Code   int
	Output string
	Err    error
}

func (e *ExitError) Error() string {
	msg := fmt.Sprintf("%s exited before it was ready: %v", e.Name, e.Err)
	if e.Output != "" {
		msg += "\n" + e.Output
	}
	return msg
}

func (e *ExitError) Unwrap() error { return e.Err }

// Start runs the process and waits until o.ReadyURL answers 200, o.Wait at
// most, or ctx ends. A process that exits first is an *ExitError; one that
// does not answer in time is stopped and its output is in the error.
func Start(ctx context.Context, o Options) (*Process, error) {
	cmd := exec.Command(o.Path, o.Args...)
	p := &Process{cmd: cmd, out: &tail{}, done: make(chan struct{})}
	if o.Verbose {
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	} else {
		cmd.Stdout, cmd.Stderr = p.out, p.out
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	// A worker the process left behind may hold its output open: Wait does
	// not wait for it long.
	cmd.WaitDelay = time.Second
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", o.Name, err)
	}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	wait := o.Wait
	if wait == 0 {
		wait = DefaultWait
	}
	if err := p.waitReady(ctx, o, wait); err != nil {
		p.Stop()
		return nil, err
	}
	return p, nil
}

// attempts is how many times StartOnFreePorts starts a process.
const attempts = 3

// StartOnFreePorts starts the process that options gives for n ports picked
// free (FreePort), with Options.Ports set to them unless options sets them
// (with ports of its own among them). Should it exit before it is
// ready because another program took one of the ports meanwhile (to listen,
// or as a connection's own port), it starts it again on other ports, three
// times at most. It returns the ports it used.
func StartOnFreePorts(ctx context.Context, n int, options func(ports []int) Options) (*Process, []int, error) {
	for try := 1; ; try++ {
		ports := make([]int, n)
		for i := range ports {
			port, err := FreePort()
			if err != nil {
				return nil, nil, err
			}
			ports[i] = port
		}
		o := options(ports)
		if o.Ports == nil {
			o.Ports = ports
		}
		p, err := Start(ctx, o)
		var exit *ExitError
		if errors.As(err, &exit) && try < attempts && ctx.Err() == nil && slices.ContainsFunc(ports, taken) {
			continue
		}
		return p, ports, err
	}
}

func (p *Process) waitReady(ctx context.Context, o Options, wait time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, o.ReadyURL, nil)
		if err != nil {
			return fmt.Errorf("%s: %w", o.Name, err)
		}
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && p.holds(o.Ports) {
				return nil
			}
		}
		select {
		case <-p.done:
			e := &ExitError{Name: o.Name, Code: -1, Output: p.out.String(), Err: p.err}
			var exit *exec.ExitError
			if errors.As(p.err, &exit) {
				e.Code = exit.ExitCode()
			}
			return e
		case <-ctx.Done():
			msg := fmt.Sprintf("%s not ready at %s: %v", o.Name, o.ReadyURL, ctx.Err())
			if out := p.out.String(); out != "" {
				msg += "\n" + out
			}
			return errors.New(msg)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Stop ends the process and its group (SIGTERM, then SIGKILL after five
// seconds) and waits for it to exit. Stopping a stopped process does nothing.
func (p *Process) Stop() {
	if p == nil {
		return
	}
	select {
	case <-p.done:
		return
	default:
	}
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.done
	}
}

// holds reports whether the process listens on every one of ports itself
// (Linux: its descriptors against /proc/net/tcp's listening sockets). It looks
// at the direct child only, which suits servers that exec (moto_server through
// pyenv's shim, Mailpit), not ones that fork a listener. Where it cannot look
// (no /proc, as on macOS, or a /proc that hides the process's descriptors) it
// says yes: the answer on the port is all the readiness there is.
func (p *Process) holds(ports []int) bool {
	if len(ports) == 0 || runtime.GOOS != "linux" {
		return true
	}
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", p.cmd.Process.Pid))
	if err != nil {
		return true
	}
	own := map[string]bool{}
	for _, fd := range fds {
		if link, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", p.cmd.Process.Pid, fd.Name())); err == nil {
			own[link] = true
		}
	}
	for _, port := range ports {
		if !slices.ContainsFunc(listeners(port), func(inode string) bool { return own["socket:["+inode+"]"] }) {
			return false
		}
	}
	return true
}

// taken reports whether some socket, listening or connected, is bound to
// TCP port: a client's connection may have been given it as its own port too.
func taken(port int) bool { return len(sockets(port, false)) > 0 }

// listeners returns the inodes of the sockets listening on TCP port, on any
// address.
func listeners(port int) []string { return sockets(port, true) }

// sockets returns the inodes of the TCP sockets bound to port on any address
// (Linux: /proc/net/tcp and tcp6), only the listening ones if listening.
func sockets(port int, listening bool) []string {
	var inodes []string
	suffix := fmt.Sprintf(":%04X", port)
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		b, err := os.ReadFile(table)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n")[1:] {
			// sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
			f := strings.Fields(line)
			if len(f) > 9 && strings.HasSuffix(f[1], suffix) && (!listening || f[3] == "0A") { // 0A: LISTEN
				inodes = append(inodes, f[9])
			}
		}
	}
	return inodes
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tail keeps the last tailSize bytes written to it.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

var _ io.Writer = (*tail)(nil)

func (t *tail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, b...)
	if len(t.buf) > tailSize {
		t.buf = t.buf[len(t.buf)-tailSize:]
	}
	return len(b), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(string(bytes.ToValidUTF8(t.buf, nil)))
}
