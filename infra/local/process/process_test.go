package process_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/infra/local/process"
)

// The test binary is its own child process: with PROCESS_TEST_CHILD set it
// plays a server that serves, one that exits before it is ready, or one that
// never answers.
func TestMain(m *testing.M) {
	switch os.Getenv("PROCESS_TEST_CHILD") {
	case "":
		os.Exit(m.Run())
	case "serve":
		http.HandleFunc("/ready", func(http.ResponseWriter, *http.Request) {})
		fmt.Println(http.ListenAndServe(os.Getenv("PROCESS_TEST_ADDR"), nil))
		os.Exit(1)
	case "exit":
		fmt.Fprintln(os.Stderr, "no module named moto")
		os.Exit(3)
	case "hang":
		fmt.Println("starting, slowly")
		time.Sleep(time.Hour) // never answers
	}
}

func child(t *testing.T, role string, wait time.Duration) (string, *process.Process, error) {
	t.Helper()
	port, err := process.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	o := options(t, role, port)
	o.Wait = wait
	p, err := process.Start(context.Background(), o)
	return o.ReadyURL, p, err
}

// options run the test binary as a child of role, on port.
func options(t *testing.T, role string, port int) process.Options {
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	t.Setenv("PROCESS_TEST_CHILD", role)
	t.Setenv("PROCESS_TEST_ADDR", addr)
	return process.Options{Name: "child", Path: os.Args[0], Args: []string{"-test.run=^$"},
		ReadyURL: "http://" + addr + "/ready", Ports: []int{port}}
}

// another answers on port (0: one of its own) as a ready process would.
func another(t *testing.T, port int) int {
	t.Helper()
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return l.Addr().(*net.TCPAddr).Port
}

// Another program's answer on the port is not the process's: it is not
// ready, and when it cannot listen there, it exits and says why.
func TestPortOfAnother(t *testing.T) {
	port := another(t, 0)
	p, err := process.Start(context.Background(), options(t, "serve", port))
	var exit *process.ExitError
	if !errors.As(err, &exit) || !strings.Contains(exit.Output, "address already in use") {
		t.Fatalf("Start = %v, %v; want an ExitError for the port in use", p, err)
	}
}

// A free port taken by another program before the process listens on it is
// given up for another.
func TestStartOnFreePortsTakenMeanwhile(t *testing.T) {
	var tries []int
	p, ports, err := process.StartOnFreePorts(context.Background(), 1, func(ports []int) process.Options {
		if len(tries) == 0 {
			another(t, ports[0]) // it takes the port just picked
		}
		tries = append(tries, ports[0])
		return options(t, "serve", ports[0])
	})
	if err != nil {
		t.Fatalf("StartOnFreePorts: %v", err)
	}
	defer p.Stop()
	if len(tries) != 2 || ports[0] == tries[0] {
		t.Errorf("tried ports %v, ended on %v; want a second try on another port", tries, ports)
	}
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/ready", ports[0]))
	if err != nil {
		t.Fatalf("not answering on its port: %v", err)
	}
	resp.Body.Close()
}

// Start returns once the process answers; Stop ends it, and again does nothing.
func TestStartStop(t *testing.T) {
	url, p, err := child(t, "serve", 0)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("not answering after Start: %v", err)
	}
	resp.Body.Close()
	p.Stop()
	if _, err := http.Get(url); err == nil {
		t.Fatal("still answering after Stop")
	}
	p.Stop()
}

// A process that exits before it answers is an ExitError with its status and
// what it wrote.
func TestExitBeforeReady(t *testing.T) {
	_, _, err := child(t, "exit", 0)
	var exit *process.ExitError
	if !errors.As(err, &exit) || exit.Code != 3 || !strings.Contains(exit.Output, "no module named moto") {
		t.Fatalf("err = %#v, want an ExitError of status 3 with the output", err)
	}
	if !strings.Contains(err.Error(), "no module named moto") {
		t.Errorf("the error does not show the output: %v", err)
	}
}

// A process that never answers is given up after Wait, its output in the
// error.
func TestNeverReady(t *testing.T) {
	_, p, err := child(t, "hang", 200*time.Millisecond)
	var exit *process.ExitError
	if err == nil || errors.As(err, &exit) || !strings.Contains(err.Error(), "starting, slowly") {
		t.Fatalf("Start = %v, %v; want a not-ready error with the output", p, err)
	}
}

// A program that cannot be run is an error at once.
func TestStartMissingProgram(t *testing.T) {
	_, err := process.Start(context.Background(), process.Options{Name: "none", Path: "/nonexistent/program", ReadyURL: "http://127.0.0.1:1/"})
	if err == nil {
		t.Fatal("Start of a missing program succeeded")
	}
}
