package rie_test

import (
	"bytes"
	"net"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// No function talks to AWS during init: its first request would otherwise be
// paid by every cold start (and fail it when a service is down). Each bootstrap
// runs against a stand-in Runtime API that never hands out an event, with every
// AWS endpoint pointing at a listener that counts connections; by the time the
// function asks for its first event, init is over, and nothing may have
// connected.
func TestNoNetworkDuringInit(t *testing.T) {
	for _, id := range tmpl.ResourcesOfType("AWS::Serverless::Function") {
		t.Run(id, func(t *testing.T) {
			aws, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			var dialed atomic.Int32
			go func() {
				for {
					c, err := aws.Accept()
					if err != nil {
						return
					}
					dialed.Add(1)
					c.Close()
				}
			}()
			defer aws.Close()

			ready := make(chan struct{}, 1)
			release := make(chan struct{})
			runtimeAPI := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/2018-06-01/runtime/invocation/next" {
					select {
					case ready <- struct{}{}:
					default:
					}
					<-release
				}
				http.Error(w, "not served here", http.StatusNotImplemented)
			}))
			defer runtimeAPI.Close()
			defer close(release)

			env := functionEnv(t, id)
			env["AWS_ENDPOINT_URL"] = "http://" + aws.Addr().String()
			env["AWS_LAMBDA_RUNTIME_API"] = runtimeAPI.Listener.Addr().String()
			cmd := exec.Command(bootstraps[id])
			for k, v := range env {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
			out := &lockedBuffer{}
			cmd.Stdout, cmd.Stderr = out, out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()

			select {
			case <-ready:
			case <-time.After(15 * time.Second):
				t.Fatalf("%s never asked for an event; its output:\n%s", id, out.String())
			}
			// A moment for a connection that init started in the background to land.
			time.Sleep(100 * time.Millisecond)
			if n := dialed.Load(); n > 0 {
				t.Fatalf("%s connected to AWS %d times during init", id, n)
			}
		})
	}
}

// lockedBuffer collects a process's output while the test may read it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
