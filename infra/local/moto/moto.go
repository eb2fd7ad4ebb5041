// Package moto starts and stops a local moto_server, the AWS API emulator that
// serves DynamoDB, SQS, Cognito and SES to the local stack and the tests.
//
// moto_server handles requests on many threads, but its DynamoDB transactions are
// not isolated: TransactWriteItems copies the table and, when cancelled, copies it
// back, undoing concurrent writes. So Start runs moto's own application behind one
// lock (serialize.py), which makes every request atomic as in DynamoDB. Where that
// Python cannot import moto, plain moto_server is started instead.
package moto

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ErrNotInstalled means moto_server is not on PATH.
var ErrNotInstalled = errors.New(`moto_server not found on PATH: install it with pip install "moto[server]"`)

// Server is a running moto_server.
type Server struct {
	URL  string
	cmd  *exec.Cmd
	done chan error
}

// Start runs moto_server on 127.0.0.1:port (0 picks a free port) and waits until it
// answers. Its output goes to stderr only when MOTO_VERBOSE is set.
func Start(ctx context.Context, port int) (*Server, error) {
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		return nil, ErrNotInstalled
	}
	if port == 0 {
		if port, err = freePort(); err != nil {
			return nil, err
		}
	}
	s, err := start(ctx, port, pythonFor(bin), "-c", serializeScript, "127.0.0.1", strconv.Itoa(port))
	if errors.Is(err, errNoMotoModule) {
		s, err = start(ctx, port, bin, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	}
	return s, err
}

//go:embed serialize.py
var serializeScript string

// errNoMotoModule is serialize.py's exit status 3: this Python has no moto.
var errNoMotoModule = errors.New("python cannot import moto")

// pythonFor returns the Python that runs moto_server: the one its #! line names,
// else python3 from PATH (as with pyenv's shims).
func pythonFor(motoServer string) string {
	if f, err := os.Open(motoServer); err == nil {
		defer f.Close()
		line := make([]byte, 256)
		n, _ := f.Read(line)
		first, _, _ := strings.Cut(string(line[:n]), "\n")
		if py, ok := strings.CutPrefix(first, "#!"); ok && strings.Contains(py, "python") && !strings.Contains(py, " ") {
			return strings.TrimSpace(py)
		}
	}
	return "python3"
}

func start(ctx context.Context, port int, name string, args ...string) (*Server, error) {
	cmd := exec.Command(name, args...)
	if os.Getenv("MOTO_VERBOSE") != "" {
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	}
	// Its own process group, so Stop also ends the Python workers it may spawn and
	// a Ctrl-C meant for the parent reaches moto only through Stop; and it dies with
	// its parent, so a killed test or make run leaves no moto behind.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start moto: %w", err)
	}
	s := &Server{URL: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd, done: make(chan error, 1)}
	go func() { s.done <- cmd.Wait() }()
	if err := s.waitReady(ctx, 30*time.Second); err != nil {
		_ = s.Stop()
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 3 {
			return nil, errNoMotoModule
		}
		return nil, err
	}
	return s, nil
}

func (s *Server) waitReady(ctx context.Context, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	for {
		// moto answers its dashboard API once the server is up.
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/moto-api/data.json", nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case err := <-s.done:
			s.done <- err
			return fmt.Errorf("moto exited before it was ready (is %s free?): %w", s.URL, err)
		case <-ctx.Done():
			return fmt.Errorf("moto_server not ready at %s: %w", s.URL, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Stop ends moto_server and waits for it to exit.
func (s *Server) Stop() error {
	if s == nil || s.cmd.Process == nil {
		return nil
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-s.done
	}
	return nil
}

// Reset clears all of moto's state, for tests that need an empty account.
func (s *Server) Reset(ctx context.Context) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/moto-api/reset", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("reset moto: %w", err)
	}
	resp.Body.Close()
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Email is one e-mail moto's SES kept instead of sending it.
type Email struct {
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

// SentEmails returns the e-mails that the moto at url kept: the local stack's
// and the tests' way to read what the firm would have been sent.
func SentEmails(ctx context.Context, url string) ([]Email, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"/moto-api/data.json", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("read moto's data: %w", err)
	}
	defer resp.Body.Close()
	var data struct {
		SES struct {
			Message []Email `json:"Message"`
		} `json:"ses"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&data); err != nil {
		return nil, fmt.Errorf("read moto's data: %w", err)
	}
	return data.SES.Message, nil
}
