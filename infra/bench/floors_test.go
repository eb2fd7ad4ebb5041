package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/putuo-compliance/intake/infra/local/samtemplate"
)

// floorBuild is the package a build-Floor<Name> rule builds.
var floorBuild = regexp.MustCompile(`\./infra/bench/floor/([a-z]+)\b`)

// TestEveryFunctionHasAFloor checks that make bench can measure each of the
// template's functions: a floor in floorOf, a Makefile rule that builds it
// from infra/bench/floor/, and a probe event.
func TestEveryFunctionHasAFloor(t *testing.T) {
	repo := filepath.Join("..", "..")
	tmpl, err := samtemplate.Load(filepath.Join(repo, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	fns := tmpl.ResourcesOfType("AWS::Serverless::Function")
	if len(fns) == 0 {
		t.Fatal("no functions in template.yaml")
	}
	for _, fn := range fns {
		floor, ok := floorOf[fn]
		if !ok {
			t.Errorf("%s has no floor in floorOf", fn)
			continue
		}
		if got, ok := functionOf(floor); !ok || got != fn {
			t.Errorf("functionOf(%s) = %q, %v; want %s", floor, got, ok, fn)
		}
		if _, ok := probe[fn]; !ok {
			t.Errorf("%s has no probe event", fn)
		}
		cmd := exec.Command("make", "-n", "--no-print-directory", "build-"+floor)
		cmd.Dir = repo
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("make -n build-%s: %v\n%s", floor, err, out)
			continue
		}
		m := floorBuild.FindSubmatch(out)
		if m == nil {
			t.Errorf("build-%s does not build a package under infra/bench/floor/: %s", floor, out)
			continue
		}
		if _, err := os.Stat(filepath.Join("floor", string(m[1]), "main.go")); err != nil {
			t.Errorf("%s's floor: %v", fn, err)
		}
	}
}
