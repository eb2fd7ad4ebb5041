package rie_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
	"github.com/putuo-compliance/intake/infra/rie"
)

const repo = "../.."

// Built once per test binary, in a temporary directory: the emulator and every
// function of template.yaml for the host's architecture. Go's build cache makes
// a second run fast.
var (
	emulator   rie.Emulator
	bootstraps = map[string]string{} // logical ID -> bootstrap
	tmpl       *samtemplate.Template
	stack      *provision.Stack
	motoURL    string
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	dir, err := os.MkdirTemp("", "rie-test-")
	if err != nil {
		return fail(err)
	}
	defer os.RemoveAll(dir)

	if emulator, err = rie.Build(ctx, filepath.Join(repo, "infra", "tools"), dir); err != nil {
		return fail(fmt.Errorf("cannot build the Runtime Interface Emulator, so the Lambda-fidelity tests cannot run: %w", err))
	}
	if tmpl, err = samtemplate.Load(filepath.Join(repo, "template.yaml")); err != nil {
		return fail(err)
	}
	for _, id := range tmpl.ResourcesOfType("AWS::Serverless::Function") {
		// The host's architecture, since the emulator runs the bootstrap on the host.
		if bootstraps[id], err = rie.BuildFunction(ctx, repo, id, runtime.GOARCH, dir); err != nil {
			return fail(err)
		}
	}

	env, err := localtest.Start(ctx, filepath.Join(repo, "template.yaml"), "rie-test")
	if err != nil {
		return fail(err)
	}
	defer env.Stop()
	motoURL, stack = env.URL, env.Stack
	return m.Run()
}

func fail(err error) int {
	fmt.Fprintln(os.Stderr, "FAIL:", err)
	return 1
}

// awsEnv is what Lambda gives every function besides the template's variables,
// with the SDK's standard endpoint variable pointing at moto.
func awsEnv() map[string]string {
	return map[string]string{
		"AWS_REGION":                      "us-east-1",
		"AWS_ACCESS_KEY_ID":               "test",
		"AWS_SECRET_ACCESS_KEY":           "test",
		"AWS_SESSION_TOKEN":               "test",
		"AWS_ENDPOINT_URL":                motoURL,
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
		"TZ":                              "UTC",
	}
}

// functionEnv is a function's whole environment under the emulator.
func functionEnv(t testing.TB, id string) map[string]string {
	t.Helper()
	env, err := stack.FunctionEnv(id)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range awsEnv() {
		env[k] = v
	}
	env["AWS_LAMBDA_FUNCTION_NAME"] = id
	return env
}
