package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// microPackages hold the in-memory benchmarks: validation (forms/formparse), routing, and
// the HTTP edge's decoding and encoding. The adapters' benchmarks against moto
// are left to the overhead figure, which compares them with the raw SDK.
var microPackages = []string{"./shared/forms/formparse", "./shared/routing", "./shared/httpapi"}

// microBenchmarks runs go test -bench with allocations and keeps the result lines.
func microBenchmarks(ctx context.Context, repo string) ([]string, error) {
	args := append([]string{"test", "-run", "^$", "-bench", ".", "-benchmem", "-benchtime", "1s", "-count", "1"}, microPackages...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = repo
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go test -bench: %w\n%s", err, out)
	}
	var lines []string
	pkg := ""
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = p[strings.LastIndex(p, "/")+1:]
		}
		if strings.HasPrefix(line, "Benchmark") {
			lines = append(lines, pkg+": "+line)
		}
	}
	return lines, sc.Err()
}
