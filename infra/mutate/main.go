// Command mutate is make mutate: mutation testing of the packages whose tests
// must catch what they claim to (docs/testing.md). For each directory it runs
// the pinned gremlins with the settings of .gremlins.yaml, then corrects two
// things gremlins gets wrong, in a copy of the module:
//
//   - a mutant that does not compile is not killed by the tests: gremlins
//     counts it KILLED (go test exits 1 either way); here it is NOT VIABLE;
//   - a mutant in a switch case or a package-level declaration is never run
//     by gremlins (blind.go); here it is run.
//
// It prints the score of each package, killed / (killed + lived), and fails
// when one is under the bar.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// defaultDirs: the domain, the forms and their validation, routing, the HTTP
// edge, the JSON API and the pages. Packages under them are included.
const defaultDirs = "shared/intake,shared/forms,shared/routing,shared/httpedge,shared/httpapi,shared/web"

type config struct {
	bar     float64
	out     string
	dirs    string
	mutants string
}

func main() {
	var c config
	flag.Float64Var(&c.bar, "bar", 85, "the lowest efficacy, killed / (killed + lived) in percent, a package may have")
	flag.StringVar(&c.out, "out", "build/mutate", "where gremlins' reports and logs and the score go")
	flag.StringVar(&c.dirs, "dirs", defaultDirs, "comma-separated directories to run gremlins over, each with the packages under it")
	flag.StringVar(&c.mutants, "mutants", "", "instead, run only these mutants, as file:line:column:MUTATOR[,...] (as the LIVED lines print them), against the tests as they are now")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mutate:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, c config, stdout io.Writer) error {
	start := time.Now()
	module, err := exec.CommandContext(ctx, "go", "list", "-m").Output()
	if err != nil {
		return fmt.Errorf("go list -m (run from the module root): %w", err)
	}
	r := runner{root: ".", module: strings.TrimSpace(string(module)), out: c.out, stdout: stdout}
	if c.mutants != "" {
		defer r.close()
		return r.only(ctx, c.mutants)
	}
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	if r.gremlins, err = gremlinsBin(ctx, stdout); err != nil {
		return err
	}
	defer r.close()
	var all []Mutant
	for _, dir := range strings.Split(c.dirs, ",") {
		ms, err := r.dir(ctx, strings.TrimSpace(dir))
		if err != nil {
			return err
		}
		all = append(all, ms...)
	}
	return r.report(all, c.bar, time.Since(start))
}

type runner struct {
	root, module, out string
	gremlins          string
	stdout            io.Writer
	ws                *workspace
	timeouts          map[string]time.Duration // per package, for the mutants run here
}

func (r *runner) close() {
	if r.ws != nil {
		r.ws.remove()
	}
}

// dir runs gremlins over dir, then settles what gremlins could not.
func (r *runner) dir(ctx context.Context, dir string) ([]Mutant, error) {
	start := time.Now()
	name := strings.ReplaceAll(dir, "/", "-")
	logPath := filepath.Join(r.out, name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	fmt.Fprintf(r.stdout, "%s: gremlins (log: %s) ... ", dir, logPath)
	ms, err := unleash(ctx, r.gremlins, r.root, dir, filepath.Join(r.out, name+".json"), logFile)
	if err != nil {
		return nil, fmt.Errorf("%w; see %s", err, logPath)
	}
	fmt.Fprintf(r.stdout, "%d mutants in %s\n", len(ms), time.Since(start).Round(time.Second))
	if err := r.settle(ctx, ms, logFile); err != nil {
		return nil, err
	}
	return ms, nil
}

// settle decides, in the workspace, the mutants whose gremlins status is
// wrong: the NOT COVERED ones the tests do reach, and KILLED arithmetic ones
// that never compiled (the only default mutator that can break compilation:
// a string's + becomes -).
func (r *runner) settle(ctx context.Context, ms []Mutant, log io.Writer) error {
	start := time.Now()
	var blind []int
	seen := map[string]bool{}
	var dirs []string
	for i, m := range ms {
		if m.Status == NotCovered {
			blind = append(blind, i)
			if !seen[m.Dir()] {
				seen[m.Dir()] = true
				dirs = append(dirs, m.Dir())
			}
		}
	}
	var prof profile
	if len(blind) > 0 {
		var err error
		if prof, err = goTestCover(ctx, r.root, r.module, dirs); err != nil {
			return err
		}
	}
	var ran, unviable int
	for _, i := range blind {
		m := &ms[i]
		src, err := os.ReadFile(filepath.Join(r.root, m.File))
		if err != nil {
			return err
		}
		ok, why, err := prof.runnable(*m, src)
		if err != nil {
			return fmt.Errorf("%s: %w", m, err)
		}
		if !ok {
			continue
		}
		timeout, err := r.timeout(ctx, m.Dir())
		if err != nil {
			return err
		}
		status, err := r.ws.with(*m, func() (string, error) { return r.ws.test(ctx, m.Dir(), timeout) })
		if err != nil {
			return fmt.Errorf("%s: %w", m, err)
		}
		m.Status, m.Ours = status, true
		ran++
		fmt.Fprintf(log, "infra/mutate: %11s %s (gremlins: NOT COVERED; %s)\n", status, m, why)
	}
	for i := range ms {
		m := &ms[i]
		if m.Status != Killed || m.Type != "ARITHMETIC_BASE" || m.Ours {
			continue
		}
		if err := r.workspace(); err != nil {
			return err
		}
		status, err := r.ws.with(*m, func() (string, error) {
			ok, err := r.ws.compiles(ctx, m.Dir())
			if ok || err != nil {
				return Killed, err
			}
			return NotViable, nil
		})
		if err != nil {
			return fmt.Errorf("%s: %w", m, err)
		}
		if status == NotViable {
			m.Status, m.Ours = NotViable, true
			unviable++
			fmt.Fprintf(log, "infra/mutate: %11s %s (gremlins: KILLED; it does not compile)\n", NotViable, m)
		}
	}
	if ran+unviable > 0 {
		fmt.Fprintf(r.stdout, "  settled here in %s: %d run that gremlins cannot see, %d that do not compile\n",
			time.Since(start).Round(time.Second), ran, unviable)
	}
	return ctx.Err()
}

// only runs the given mutants, for checking that a new test kills one.
func (r *runner) only(ctx context.Context, list string) error {
	for _, s := range strings.Split(list, ",") {
		m, err := parseMutant(strings.TrimSpace(s))
		if err != nil {
			return err
		}
		timeout, err := r.timeout(ctx, m.Dir())
		if err != nil {
			return err
		}
		status, err := r.ws.with(m, func() (string, error) { return r.ws.test(ctx, m.Dir(), timeout) })
		if err != nil {
			return fmt.Errorf("%s: %w", m, err)
		}
		fmt.Fprintf(r.stdout, "%-11s %s\n", status, m)
	}
	return nil
}

func (r *runner) workspace() error {
	if r.ws != nil {
		return nil
	}
	var err error
	r.ws, err = newWorkspace(r.root, r.module)
	return err
}

// timeout is how long a mutant's test run in dir may take: ten times the
// unmutated run, which must pass, and at least a minute.
func (r *runner) timeout(ctx context.Context, dir string) (time.Duration, error) {
	if t, ok := r.timeouts[dir]; ok {
		return t, nil
	}
	if err := r.workspace(); err != nil {
		return 0, err
	}
	start := time.Now()
	status, err := r.ws.test(ctx, dir, 10*time.Minute)
	if err != nil {
		return 0, err
	}
	if status != Lived {
		return 0, fmt.Errorf("%s: the unmutated tests do not pass in the workspace (%s)", dir, status)
	}
	t := max(10*time.Since(start), time.Minute)
	if r.timeouts == nil {
		r.timeouts = map[string]time.Duration{}
	}
	r.timeouts[dir] = t
	return t, nil
}

// report prints the score table and the survivors, writes them to out, and
// fails when a package is under the bar.
func (r *runner) report(ms []Mutant, bar float64, took time.Duration) error {
	ts := tallies(ms)
	score, err := os.Create(filepath.Join(r.out, "score.md"))
	if err != nil {
		return err
	}
	defer score.Close()
	w := io.MultiWriter(r.stdout, score)
	fmt.Fprintln(w)
	writeTable(w, ts, bar)
	list, err := os.Create(filepath.Join(r.out, "mutants.txt"))
	if err != nil {
		return err
	}
	defer list.Close()
	for _, m := range ms {
		fmt.Fprintf(list, "%-11s %s\n", m.Status, m)
	}
	fmt.Fprintln(w)
	for _, m := range ms {
		if m.Status == Lived {
			fmt.Fprintf(w, "LIVED %s\n", m)
		}
	}
	fmt.Fprintf(w, "\nmake mutate took %s; every mutant: %s\n", took.Round(time.Second), list.Name())
	var under []string
	for _, t := range ts {
		if !t.meets(bar) {
			under = append(under, t.Dir)
		}
	}
	if len(under) > 0 {
		return errors.New("under the bar of " + fmt.Sprint(bar) + "%: " + strings.Join(under, ", "))
	}
	return nil
}
