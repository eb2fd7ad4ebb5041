package browsertest_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/putuo-compliance/intake/infra/local/devstack"
)

// chromiumPath is where Debian's chromium package installs the browser.
const chromiumPath = "/usr/bin/chromium"

var (
	baseURL  string // the local API, serving the pages and the JSON API
	motoURL  string
	browser  context.Context // the browser; each test opens its own tab
	shotsDir string
)

func TestMain(m *testing.M) {
	os.Exit(suite(m))
}

func suite(m *testing.M) int {
	// Missing chromium fails the suite rather than skipping it: a skipped browser
	// test reads as green while nothing was checked. .ci/run installs it.
	if _, err := os.Stat(chromiumPath); err != nil {
		fmt.Fprintf(os.Stderr, "browser tests need Debian's chromium at %s: apt-get install -y chromium (.ci/run does): %v\n", chromiumPath, err)
		return 1
	}
	var err error
	if shotsDir, err = screenshotDir(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	if err := startStack(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "local stack:", err)
		return 1
	}

	userData, err := os.MkdirTemp("", "intake-chromium-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(userData)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(userData),
		chromedp.WindowSize(1024, 800),
	)
	defer cancelAlloc()
	var cancelBrowser context.CancelFunc
	browser, cancelBrowser = chromedp.NewContext(alloc)
	defer cancelBrowser()
	if err := chromedp.Do(browser); err != nil { // starts the browser
		fmt.Fprintln(os.Stderr, "start chromium:", err)
		return 1
	}
	return m.Run()
}

// startStack runs what `make run` runs, on free ports, until ctx ends.
func startStack(ctx context.Context) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	ready := make(chan devstack.Info, 1)
	failed := make(chan error, 1)
	env := map[string]string{"LOG_LEVEL": "warn"} // no AWS_ENDPOINT_URL: the stack starts its own moto
	go func() {
		failed <- devstack.Run(ctx, devstack.Options{
			Listener:  ln,
			Template:  "../../../template.yaml",
			StackName: "browser-test",
			Getenv:    func(k string) string { return env[k] },
			Stdout:    io.Discard,
			Stderr:    io.Discard,
			OnReady:   func(i devstack.Info) { ready <- i },
		})
	}()
	select {
	case info := <-ready:
		baseURL, motoURL = info.APIURL, info.MotoURL
		return nil
	case err := <-failed:
		return fmt.Errorf("stopped before it was ready: %v", err)
	case <-time.After(60 * time.Second):
		return fmt.Errorf("not ready within a minute")
	}
}

// screenshotDir is artifacts/screenshots at the repository's root (git-ignored).
func screenshotDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			shots := filepath.Join(dir, "artifacts", "screenshots")
			return shots, os.MkdirAll(shots, 0o755)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the test")
		}
		dir = parent
	}
}
