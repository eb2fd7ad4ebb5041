package stacks_test

import (
	"slices"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
)

// Lambda's X-Ray integration does not exist in the AWS China regions: there
// the functions must not ask for active tracing, and the stack makes no
// sampling rule; everywhere else TracingMode decides.
func TestNoLambdaTracingInChina(t *testing.T) {
	tmpl, err := samtemplate.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	const cond = "LambdaTraces"
	if got := tmpl.Resources["TraceSamplingRule"].Condition; got != cond {
		t.Errorf("TraceSamplingRule's condition %q, want %q", got, cond)
	}
	tracing := value(t, value(t, section(t, load(t, root), "Globals"), "Function"), "Tracing")
	var args []string
	for _, n := range tracing.Content {
		args = append(args, n.Tag+" "+n.Value)
	}
	if want := []string{"!!str " + cond, "!Ref TracingMode", "!!str PassThrough"}; tracing.Tag != "!If" || !slices.Equal(args, want) {
		t.Errorf("Globals.Function.Tracing is %s %q, want !If %q", tracing.Tag, args, want)
	}
	for region, traces := range map[string]bool{"us-east-1": true, "ap-east-1": true, "cn-north-1": false, "cn-northwest-1": false} {
		got, err := provision.ConditionHolds(tmpl, region, nil, cond)
		if err != nil {
			t.Fatal(err)
		}
		if got != traces {
			t.Errorf("%s in %s: %v, want %v", cond, region, got, traces)
		}
	}
}

// value is the value of key in the mapping m.
func value(t *testing.T, m *yaml.Node, key string) *yaml.Node {
	t.Helper()
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	t.Fatalf("no %s in the template's mapping at line %d", key, m.Line)
	return nil
}
