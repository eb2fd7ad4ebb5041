package process_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
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
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	t.Setenv("PROCESS_TEST_CHILD", role)
	t.Setenv("PROCESS_TEST_ADDR", addr)
	p, err := process.Start(context.Background(), process.Options{Name: "child", Path: os.Args[0],
		Args: []string{"-test.run=^$"}, ReadyURL: "http://" + addr + "/ready", Wait: wait})
	return "http://" + addr + "/ready", p, err
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
