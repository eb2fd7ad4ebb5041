package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// skipDirs are not copied into the workspace: history, build output, npm
// packages and test artefacts, none of which a package's tests read.
var skipDirs = map[string]bool{".git": true, "node_modules": true, "build": true, "bin": true, "artifacts": true, ".aws-sam": true}

// workspace is a copy of the module in which mutants are applied one at a
// time, as gremlins does, so that the repository itself is never changed.
type workspace struct {
	dir    string
	module string
}

func newWorkspace(root, module string) (*workspace, error) {
	dir, err := os.MkdirTemp("", "intake-mutate-")
	if err != nil {
		return nil, err
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() && skipDirs[rel] {
			return filepath.SkipDir
		}
		if rel == "." || skipDirs[rel] { // a worktree's .git is a file
			return nil
		}
		if d.IsDir() {
			return os.Mkdir(filepath.Join(dir, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(p, filepath.Join(dir, rel))
	})
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("copy the module: %w", err)
	}
	return &workspace{dir: dir, module: module}, nil
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	info, err := src.Stat()
	if err != nil {
		return err
	}
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, info.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

func (w *workspace) remove() { os.RemoveAll(w.dir) }

func (w *workspace) importPath(dir string) string { return w.module + "/" + dir }

// with applies m in the workspace, runs check, and puts the file back.
func (w *workspace) with(m Mutant, check func() (string, error)) (string, error) {
	file := filepath.Join(w.dir, m.File)
	orig, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	mutated, err := mutate(orig, m)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(file, mutated, 0o644); err != nil {
		return "", err
	}
	defer os.WriteFile(file, orig, 0o644)
	return check()
}

// test runs the package's tests in the workspace and says what became of
// the mutant: tests failing kill it, passing let it live, and code that does
// not compile was never a mutant worth the name. Code that compiles but that
// go vet refuses (go test runs it first) is killed: make test catches it.
func (w *workspace) test(ctx context.Context, dir string, timeout time.Duration) (string, error) {
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	out, err := w.goCmd(tctx, "test", "-count=1", "-failfast", "-timeout", (timeout + 10*time.Second).String(), w.importPath(dir))
	var exit *exec.ExitError
	switch {
	case tctx.Err() != nil:
		return TimedOut, nil
	case err == nil:
		return Lived, nil
	case !errors.As(err, &exit):
		return "", err
	case bytes.Contains(out, []byte("[build failed]")) || bytes.Contains(out, []byte("[setup failed]")):
		if ok, err := w.compiles(ctx, dir); !ok || err != nil {
			return NotViable, err
		}
	}
	return Killed, nil
}

// compiles says whether the package builds in the workspace.
func (w *workspace) compiles(ctx context.Context, dir string) (bool, error) {
	_, err := w.goCmd(ctx, "build", w.importPath(dir))
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return false, nil
	}
	return err == nil, err
}

// goCmd runs go in the workspace; on ctx's end it stops go and everything go
// started (the test binary), not go alone.
func (w *workspace) goCmd(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = w.dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	return cmd.CombinedOutput()
}
