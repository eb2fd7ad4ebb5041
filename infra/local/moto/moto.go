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
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/putuo-compliance/intake/infra/local/process"
)

// ErrNotInstalled means moto_server is not on PATH.
var ErrNotInstalled = errors.New(`moto_server not found on PATH: install it with pip install "moto[server]"`)

// Server is a running moto_server.
type Server struct {
	URL  string
	proc *process.Process
}

// Start runs moto_server on 127.0.0.1:port (0 picks a free port) and waits until it
// answers. Its output goes to stderr only when MOTO_VERBOSE is set; otherwise
// its last lines are in the error when it does not start.
func Start(ctx context.Context, port int) (*Server, error) {
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		return nil, ErrNotInstalled
	}
	serialized := func(port int) process.Options {
		return options(pythonFor(bin), "-c", serializeScript, "127.0.0.1", strconv.Itoa(port))
	}
	s, err := start(ctx, port, serialized)
	if errors.Is(err, errNoMotoModule) {
		s, err = start(ctx, port, func(port int) process.Options {
			return options(bin, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
		})
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

func options(name string, args ...string) process.Options {
	return process.Options{Name: "moto_server", Path: name, Args: args, Verbose: os.Getenv("MOTO_VERBOSE") != ""}
}

// start runs moto on port, or on a free one when port is 0.
func start(ctx context.Context, port int, options func(port int) process.Options) (*Server, error) {
	url := func(port int) string { return fmt.Sprintf("http://127.0.0.1:%d", port) }
	// moto answers its dashboard API once the server is up.
	opts := func(ports []int) process.Options {
		o := options(ports[0])
		o.ReadyURL = url(ports[0]) + "/moto-api/data.json"
		return o
	}
	var p *process.Process
	var err error
	if port == 0 {
		var ports []int
		p, ports, err = process.StartOnFreePorts(ctx, 1, opts)
		if ports != nil {
			port = ports[0]
		}
	} else {
		o := opts([]int{port})
		o.Ports = []int{port}
		p, err = process.Start(ctx, o)
	}
	var exit *process.ExitError
	if errors.As(err, &exit) && exit.Code == 3 {
		return nil, errNoMotoModule
	}
	if err != nil {
		return nil, fmt.Errorf("%w (is %s free?)", err, url(port))
	}
	return &Server{URL: url(port), proc: p}, nil
}

// Stop ends moto_server and waits for it to exit.
func (s *Server) Stop() error {
	if s != nil {
		s.proc.Stop()
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
