package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// The pinned gremlins. make mutate installs exactly this version when the one
// in GOBIN (or $(go env GOPATH)/bin) is missing or another.
const (
	gremlinsModule  = "github.com/go-gremlins/gremlins"
	gremlinsVersion = "v0.6.0"
)

// gremlinsBin returns the path of the pinned gremlins, installing it first
// when needed.
func gremlinsBin(ctx context.Context, log io.Writer) (string, error) {
	bin, err := installDir(ctx)
	if err != nil {
		return "", err
	}
	bin = filepath.Join(bin, "gremlins")
	if v, _ := moduleVersion(ctx, bin); v == gremlinsVersion {
		return bin, nil
	}
	fmt.Fprintf(log, "installing %s/cmd/gremlins@%s into %s\n", gremlinsModule, gremlinsVersion, filepath.Dir(bin))
	cmd := exec.CommandContext(ctx, "go", "install", gremlinsModule+"/cmd/gremlins@"+gremlinsVersion)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("install gremlins: %w", err)
	}
	if v, err := moduleVersion(ctx, bin); v != gremlinsVersion {
		return "", fmt.Errorf("installed gremlins at %s is %q, not %s (%v)", bin, v, gremlinsVersion, err)
	}
	return bin, nil
}

// installDir is where go install puts binaries: GOBIN, else GOPATH's first
// entry's bin.
func installDir(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOBIN", "GOPATH").Output()
	if err != nil {
		return "", fmt.Errorf("go env: %w", err)
	}
	return binDir(string(out))
}

// binDir reads `go env GOBIN GOPATH`: one line each, GOBIN's empty when unset.
func binDir(env string) (string, error) {
	gobin, gopath, _ := strings.Cut(env, "\n")
	if gobin = strings.TrimSpace(gobin); gobin != "" {
		return gobin, nil
	}
	if gopath = strings.TrimSpace(gopath); gopath == "" {
		return "", fmt.Errorf("go env: neither GOBIN nor GOPATH is set")
	}
	return filepath.Join(filepath.SplitList(gopath)[0], "bin"), nil
}

// moduleVersion reads the version of the gremlins module built into bin.
func moduleVersion(ctx context.Context, bin string) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "version", "-m", bin).Output()
	if err != nil {
		return "", err
	}
	return versionOf(out, gremlinsModule), nil
}

// versionOf finds module's version in `go version -m` output.
func versionOf(out []byte, module string) string {
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) >= 3 && f[0] == "mod" && f[1] == module {
			return f[2]
		}
	}
	return ""
}

// unleash runs gremlins over dir (and the packages under it) with the
// settings of .gremlins.yaml, writing its report to report and its log to log,
// and returns its mutants.
func unleash(ctx context.Context, bin, root, dir, report string, log io.Writer) ([]Mutant, error) {
	// Gremlins copies the module into the temporary directory, and v0.6.0 leaves
	// the copies behind when stopped (its graceful shutdown panics), so it gets
	// a temporary directory of its own, removed however it ends.
	tmp, err := os.MkdirTemp("", "intake-mutate-gremlins-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	cmd := exec.CommandContext(ctx, bin, "unleash", "--config", filepath.Join(root, ".gremlins.yaml"), "--output", report, dir)
	cmd.Dir = root
	// Uncached: gremlins times the coverage run and gives each mutant's test a
	// multiple of it; a cached run would leave mutants no time at all.
	cmd.Env = append(os.Environ(), "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -count=1"), "TMPDIR="+tmp)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("gremlins unleash %s: %w", dir, err)
	}
	f, err := os.Open(report)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readReport(f, dir)
}

// readReport reads gremlins' JSON report of a run over dir.
func readReport(r io.Reader, dir string) ([]Mutant, error) {
	var rep struct {
		Files []struct {
			Name      string `json:"file_name"`
			Mutations []struct {
				Type   string `json:"type"`
				Status string `json:"status"`
				Line   int    `json:"line"`
				Column int    `json:"column"`
			} `json:"mutations"`
		} `json:"files"`
	}
	if err := json.NewDecoder(r).Decode(&rep); err != nil {
		return nil, fmt.Errorf("gremlins report: %w", err)
	}
	var ms []Mutant
	for _, f := range rep.Files {
		for _, m := range f.Mutations {
			ms = append(ms, Mutant{File: path.Join(dir, filepath.ToSlash(f.Name)), Line: m.Line, Col: m.Column, Type: m.Type, Status: m.Status})
		}
	}
	return ms, nil
}

// goTestCover runs the packages' tests once with a coverage profile, for
// blind.go.
func goTestCover(ctx context.Context, root, module string, dirs []string) (profile, error) {
	f, err := os.CreateTemp("", "intake-mutate-*.cover")
	if err != nil {
		return nil, err
	}
	f.Close()
	defer os.Remove(f.Name())
	args := []string{"test", "-count=1", "-covermode=count", "-coverprofile", f.Name()}
	for _, d := range dirs {
		args = append(args, module+"/"+d)
	}
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go test -coverprofile: %w\n%s", err, out.Bytes())
	}
	b, err := os.ReadFile(f.Name())
	if err != nil {
		return nil, err
	}
	return parseProfile(bytes.NewReader(b), module)
}
