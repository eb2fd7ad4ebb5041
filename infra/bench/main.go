// Command bench measures what the bars are about, in one run on one machine, and
// prints it side by side (make bench; the bars and figures are in BENCHMARKS.md):
//
//   - cold start: each function's init under the Runtime Interface Emulator
//     against a hello-world aws-lambda-go function built the same way;
//   - bootstrap sizes (arm64, as deployed) and RSS after many warm invocations;
//   - the warm request path against the raw SDK calls it makes, on one moto;
//   - go test -bench figures for validation, encoding and routing;
//   - a bounded load run through the local API, checked for zero loss.
//
// Everything runs on loopback and every loop is bounded in count and time.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/putuo-compliance/intake/infra/local/moto"
	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
	"github.com/putuo-compliance/intake/infra/rie"
	"github.com/putuo-compliance/intake/shared/awsenv"
)

// baseline is the Makefile target of the hello-world function.
const baseline = "BenchHello"

type config struct {
	repo        string
	coldStarts  int
	warmInvokes int
	overheadN   int
	loadN       int
	loadConc    int
	powerRounds int
	powerWarm   int
	parts       string
	functions   string
}

func (c config) has(part string) bool {
	return c.parts == "all" || strings.Contains(","+c.parts+",", ","+part+",")
}

// measures says whether the run measures the template's function fn.
func (c config) measures(fn string) bool {
	return c.functions == "all" || strings.Contains(","+c.functions+",", ","+fn+",")
}

func main() {
	var c config
	flag.StringVar(&c.repo, "repo", ".", "the repository's root")
	flag.IntVar(&c.coldStarts, "cold", 41, "cold starts per function (and per floor and the hello world)")
	flag.IntVar(&c.warmInvokes, "warm", 1000, "warm invocations before RSS is read")
	flag.IntVar(&c.overheadN, "overhead", 200, "interleaved handler/raw pairs for the overhead figure")
	flag.IntVar(&c.loadN, "load", 600, "submissions in the load run (moto copies the table on every transaction, so it slows as the table grows)")
	flag.IntVar(&c.loadConc, "concurrency", 32, "concurrent clients in the load run")
	flag.IntVar(&c.powerRounds, "power-rounds", 15, "cold processes per function and memory size in power tuning")
	flag.IntVar(&c.powerWarm, "power-warm", 10, "warm invocations per process in power tuning")
	flag.StringVar(&c.parts, "parts", "all", "comma-separated parts to run: cold,power,overhead,rss,micro,load")
	flag.StringVar(&c.functions, "functions", "all", "comma-separated logical IDs of the functions to measure (with their floors and the hello world)")
	flag.Parse()
	// A hard bound on the whole run, whatever the flags say. Power tuning is
	// most of a full run (RedispatchFunction's 0.7-0.8 s invocations alone, 660
	// of them), and with eight functions on a loaded machine it passed 13
	// minutes.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	if err := run(ctx, c); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// env is what every measured function gets: the stack's resources, a region,
// dummy credentials and moto as the endpoint.
type env struct {
	moto  string
	stack *provision.Stack
}

func (e env) function(id string) map[string]string {
	vars := map[string]string{}
	// A floor runs with its function's environment: the same variables to read.
	envOf := id
	if fn, ok := functionOf(id); ok {
		envOf = fn
	}
	if id != baseline {
		if v, err := e.stack.FunctionEnv(envOf); err == nil {
			vars = v
		}
	}
	vars["AWS_REGION"] = "us-east-1"
	vars["AWS_ACCESS_KEY_ID"] = "test"
	vars["AWS_SECRET_ACCESS_KEY"] = "test"
	vars["AWS_SESSION_TOKEN"] = "test"
	vars["AWS_ENDPOINT_URL"] = e.moto
	vars["AWS_LAMBDA_FUNCTION_NAME"] = id
	vars["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "128"
	// Lambda's default for provided.al2023 is info; the bench keeps logging on so
	// the measured path includes it.
	return vars
}

func (e env) getenv(id string) func(string) string {
	vars := e.function(id)
	return func(k string) string { return vars[k] }
}

func run(ctx context.Context, c config) error {
	started := time.Now()
	tmpl, err := samtemplate.Load(filepath.Join(c.repo, "template.yaml"))
	if err != nil {
		return err
	}
	// A function without a cold-start floor fails the run: the bar is
	// measured against a floor.
	var fns []string
	for _, fn := range tmpl.ResourcesOfType("AWS::Serverless::Function") {
		if !c.measures(fn) {
			continue
		}
		if _, ok := floorOf[fn]; !ok {
			return fmt.Errorf("%s has no cold-start floor: add one to infra/bench/floors.go, infra/bench/floor/ and the Makefile", fn)
		}
		fns = append(fns, fn)
	}
	if c.functions != "all" {
		all := tmpl.ResourcesOfType("AWS::Serverless::Function")
		for _, fn := range strings.Split(c.functions, ",") {
			if !slices.Contains(all, fn) {
				return fmt.Errorf("-functions: template.yaml has no function %q", fn)
			}
		}
	}
	functions := withFloors(fns)

	dir, err := os.MkdirTemp("", "bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	step("building aws-lambda-rie and the functions (host %s, and arm64 for sizes)", runtime.GOARCH)
	emu, err := rie.Build(ctx, filepath.Join(c.repo, "infra", "tools"), dir)
	if err != nil {
		return err
	}
	host, arm := map[string]string{}, map[string]string{}
	for _, id := range functions {
		if host[id], err = rie.BuildFunction(ctx, c.repo, id, runtime.GOARCH, dir); err != nil {
			return err
		}
		if arm[id], err = rie.BuildFunction(ctx, c.repo, id, "arm64", dir); err != nil {
			return err
		}
	}

	step("starting moto and creating the template's resources")
	srv, err := moto.Start(ctx, 0)
	if err != nil {
		return err
	}
	defer srv.Stop()
	deploy := func(name string) (env, error) {
		e := env{moto: srv.URL}
		cfg, err := awsenv.Config(e.getenv(baseline))
		if err != nil {
			return e, err
		}
		e.stack, err = provision.Deploy(ctx, cfg, tmpl, name)
		return e, err
	}
	// A stack per part, so that one part's items do not slow moto for the next.
	coldEnv, err := deploy("bench-cold")
	if err != nil {
		return err
	}
	events, err := sampleEvents(c.repo)
	if err != nil {
		return err
	}

	r := &report{machine: machine(), fns: functionIDs(functions)}
	r.memory = templateMemory(tmpl, r.fns)
	r.sizes = sizes(arm, host, functions)
	if c.has("cold") {
		step("cold starts: %d per function, its floor and the hello world, taking turns", c.coldStarts)
		if r.cold, err = coldStarts(ctx, emu, host, functions, coldEnv, events, c.coldStarts); err != nil {
			return err
		}
	}

	if c.has("power") {
		step("power tuning: %d rounds over %d functions at %v MB under a CPU quota", c.powerRounds, len(r.fns), memorySizes)
		powerEnv, err := deploy("bench-power")
		if err != nil {
			return err
		}
		if r.power, err = powerTuning(ctx, emu, host, r.fns, powerEnv, events, c.powerRounds, c.powerWarm, dir); err != nil {
			return err
		}
		if r.power.skipped != "" {
			step("power tuning skipped: %s", r.power.skipped)
		}
	}

	if c.has("overhead") {
		step("overhead: handler against raw SDK calls, %d interleaved pairs", c.overheadN)
		overEnv, err := deploy("bench-overhead")
		if err != nil {
			return err
		}
		if r.overhead, err = overhead(ctx, overEnv, events, c.overheadN); err != nil {
			return err
		}
	}

	if c.has("rss") {
		step("memory: RSS after %d warm invocations per function", c.warmInvokes)
		memEnv, err := deploy("bench-rss")
		if err != nil {
			return err
		}
		if r.rss, err = residentMemory(ctx, emu, host, append([]string{baseline}, r.fns...), memEnv, events, c.warmInvokes); err != nil {
			return err
		}
	}

	if c.has("micro") {
		step("go test -bench: validation, encoding, routing")
		if r.micro, err = microBenchmarks(ctx, c.repo); err != nil {
			return err
		}
	}

	if c.has("load") {
		step("load: %d submissions at concurrency %d through the local API", c.loadN, c.loadConc)
		if r.load, err = loadRun(ctx, c.repo, c.loadN, c.loadConc); err != nil {
			return err
		}
	}
	r.took = time.Since(started)
	r.print(os.Stdout)
	if !r.ok() {
		fmt.Fprintln(os.Stderr, "bench: some figures miss their bars (marked FAIL)")
	}
	return nil
}

var begun = time.Now()

func step(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "== %5.1fs "+format+"\n", append([]any{time.Since(begun).Seconds()}, args...)...)
}

// machine names the CPU, cores and Go version the figures come from.
func machine() string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(b)) {
			if v, ok := strings.CutPrefix(line, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	kernel, _ := exec.Command("uname", "-r").Output()
	return fmt.Sprintf("%s, %d cores, Linux %s, %s %s/%s", cpu, runtime.NumCPU(),
		strings.TrimSpace(string(kernel)), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
