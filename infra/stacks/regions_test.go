package stacks_test

// The root template validates in every target region, and stays so: these
// tests run cfn-lint (preinstalled; make setup checks) on it, on copies of it
// with region-only resource types added, and on each nested template for the
// regions where the root makes it.

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
)

// targets are the regions the stack must deploy to: a global one, Hong Kong
// (no SES) and the two AWS China regions (no SES, no Cognito user pools). The
// Makefile's lint target names the same.
var targets = []string{"us-east-1", "ap-east-1", "cn-north-1", "cn-northwest-1"}

const root = "../../template.yaml"

// finding is one of cfn-lint's JSON results.
type finding struct {
	Rule     struct{ Id string }
	Level    string
	Message  string
	Location struct{ Path []any }
}

func (f finding) resource() string {
	if len(f.Location.Path) > 1 && f.Location.Path[0] == "Resources" {
		s, _ := f.Location.Path[1].(string)
		return s
	}
	return ""
}

// lint runs cfn-lint on the template at path for regions (ALL_REGIONS for all).
func lint(t *testing.T, path string, regions ...string) []finding {
	t.Helper()
	bin, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Fatalf("cfn-lint is not on PATH: run make setup (%v)", err)
	}
	args := append([]string{"--format", "json", "--regions"}, regions...)
	cmd := exec.Command(bin, append(args, "--", path)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) { // cfn-lint exits non-zero when it finds something
		t.Fatalf("cfn-lint: %v\n%s", err, stderr.String())
	}
	if strings.Contains(stderr.String(), "ERROR") {
		t.Fatalf("cfn-lint could not read a template:\n%s", stderr.String())
	}
	var found []finding
	if err := json.Unmarshal(out, &found); err != nil {
		t.Fatalf("cfn-lint output: %v\n%s\n%s", err, out, stderr.String())
	}
	return found
}

var missingType = regexp.MustCompile(`^Resource type '([^']+)' does not exist in '([^']+)'$`)

// missing lists, by resource, the regions that lack its type (E3006).
func missing(found []finding) map[string][]string {
	out := map[string][]string{}
	for _, f := range found {
		if m := missingType.FindStringSubmatch(f.Message); f.Rule.Id == "E3006" && m != nil {
			out[f.resource()] = append(out[f.resource()], m[2])
		}
	}
	for _, regions := range out {
		sort.Strings(regions)
	}
	return out
}

// TestRootLintsInEveryTargetRegion is make lint's check, kept here as the
// positive control of the tests below.
func TestRootLintsInEveryTargetRegion(t *testing.T) {
	t.Parallel()
	for _, f := range lint(t, root, targets...) {
		t.Errorf("%s %s: %s", f.Rule.Id, f.Location.Path, f.Message)
	}
}

// injected are region-only resources added to a copy of the root template, as
// someone might: each must be refused. cfn-lint evaluates a condition on
// AWS::Region, so it accepts the last one; but CloudFormation may refuse a
// template naming a type unknown in its region under any condition, so the
// strict check (conditions ignored) must refuse it too.
var injected = []struct {
	id, yaml    string
	wantLenient []string // regions cfn-lint refuses it in, conditions honoured
	wantStrict  []string // regions it is refused in, conditions ignored
}{
	{
		id:          "InjectedSesIdentity",
		yaml:        "Type: AWS::SES::EmailIdentity\nProperties:\n  EmailIdentity: noreply@example.com\n",
		wantLenient: []string{"ap-east-1", "cn-north-1", "cn-northwest-1"},
		wantStrict:  []string{"ap-east-1", "cn-north-1", "cn-northwest-1"},
	},
	{
		// The root's own StaffPool condition: cfn-lint cannot tell where a
		// condition on the partition and a parameter holds.
		id:          "InjectedUserPool",
		yaml:        "Type: AWS::Cognito::UserPool\nCondition: StaffPool\nProperties:\n  UserPoolName: injected\n",
		wantLenient: []string{"cn-north-1", "cn-northwest-1"},
		wantStrict:  []string{"cn-north-1", "cn-northwest-1"},
	},
	{
		id:         "InjectedGuardedSesSet",
		yaml:       "Type: AWS::SES::ConfigurationSet\nCondition: InjectedSesRegions\n",
		wantStrict: []string{"ap-east-1", "cn-north-1", "cn-northwest-1"},
	},
}

const injectedCondition = `!Not [!Or [!Equals [!Ref AWS::Region, ap-east-1], !Equals [!Ref AWS::Region, cn-north-1], !Equals [!Ref AWS::Region, cn-northwest-1]]]`

func TestRegionOnlyTypesRefusedInRoot(t *testing.T) {
	tests := []struct {
		name   string
		strict bool
	}{
		{name: "conditions honoured"},
		{name: "conditions ignored", strict: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := load(t, root)
			resources, conditions := section(t, doc, "Resources"), section(t, doc, "Conditions")
			add(t, conditions, "InjectedSesRegions", injectedCondition)
			for _, r := range injected {
				add(t, resources, r.id, r.yaml)
			}
			if tt.strict {
				stripConditions(resources)
			}
			got := missing(lint(t, write(t, doc), targets...))
			for _, r := range injected {
				want := r.wantLenient
				if tt.strict {
					want = r.wantStrict
				}
				if !slices.Equal(got[r.id], want) {
					t.Errorf("%s refused in %v, want %v", r.id, got[r.id], want)
				}
				delete(got, r.id)
			}
			// What is left is the template's own: in the strict run, a region-only
			// type that only a condition keeps out of a target region.
			for id, regions := range got {
				t.Errorf("the root template's %s has a type missing in %v", id, regions)
			}
		})
	}
}

// Each nested application's template lints clean in every region where the
// root would make it, and every region that lacks one of its types is one
// where the root's condition keeps it out.
func TestNestedTemplatesWhereMade(t *testing.T) {
	tmpl, err := samtemplate.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	// The parameters under which each is made, where its region allows.
	made := map[string]map[string]string{
		"StaffPoolStack": {},
		"SesMailStack":   {"SenderAddress": "noreply@example.com"},
	}
	apps := tmpl.ResourcesOfType("AWS::Serverless::Application")
	if len(apps) != len(made) {
		t.Fatalf("nested applications %v; this test knows %d", apps, len(made))
	}
	for _, id := range apps {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			params, ok := made[id]
			if !ok {
				t.Fatalf("no parameters for %s in this test; add them", id)
			}
			for _, p := range nestedProblems(t, tmpl, id, params) {
				t.Error(p)
			}
		})
	}
}

// The check above must be able to fail: with SES's condition on the
// partition alone (as it was), Hong Kong would get the SES template.
func TestNestedCheckCatchesAMissingRegion(t *testing.T) {
	tmpl, err := samtemplate.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	tmpl.Conditions["RegionLacksSES"] = map[string]any{"Fn::Equals": []any{map[string]any{"Ref": "AWS::Partition"}, "aws-cn"}}
	problems := nestedProblems(t, tmpl, "SesMailStack", map[string]string{"SenderAddress": "noreply@example.com"})
	if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, "ap-east-1") }) {
		t.Fatalf("problems %q, want ap-east-1 among them", problems)
	}
}

// nestedProblems lints the nested application id's template for every region
// cfn-lint knows and reports each finding in a region where the root makes it
// under params.
func nestedProblems(t *testing.T, tmpl *samtemplate.Template, id string, params map[string]string) []string {
	t.Helper()
	cond := tmpl.Resources[id].Condition
	if cond == "" {
		return []string{id + " has no condition: it is made in every region"}
	}
	loc, _ := tmpl.Resources[id].Properties["Location"].(string)
	var problems []string
	for _, f := range lint(t, filepath.Join(tmpl.Dir, loc), "ALL_REGIONS") {
		m := missingType.FindStringSubmatch(f.Message)
		if f.Rule.Id != "E3006" || m == nil {
			problems = append(problems, f.Rule.Id+": "+f.Message)
			continue
		}
		ok, err := provision.ConditionHolds(tmpl, m[2], params, cond)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			problems = append(problems, m[2]+": "+id+" is made there, but "+m[1]+" does not exist there")
		}
	}
	return problems
}

// load parses a template, keeping its short tags and comments.
func load(t *testing.T, path string) *yaml.Node {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return &doc
}

func section(t *testing.T, doc *yaml.Node, name string) *yaml.Node {
	t.Helper()
	top := doc.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == name {
			return top.Content[i+1]
		}
	}
	t.Fatalf("template has no %s", name)
	return nil
}

func add(t *testing.T, m *yaml.Node, key, value string) {
	t.Helper()
	var v yaml.Node
	if err := yaml.Unmarshal([]byte(value), &v); err != nil {
		t.Fatal(err)
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v.Content[0])
}

// stripConditions removes the Condition of every resource (in Fn::ForEach
// loops too).
func stripConditions(n *yaml.Node) {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if v := n.Content[i+1]; v.Kind == yaml.MappingNode && hasKey(v, "Type") {
				removeKey(v, "Condition")
			}
		}
	}
	for _, c := range n.Content {
		if c.Kind == yaml.SequenceNode || (c.Kind == yaml.MappingNode && !hasKey(c, "Type")) {
			stripConditions(c)
		}
	}
}

func hasKey(m *yaml.Node, key string) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return true
		}
	}
	return false
}

func removeKey(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = append(m.Content[:i], m.Content[i+2:]...)
			return
		}
	}
}

// write saves doc as a template in a folder of its own, beside a link to the
// repository's infra folder, so that the nested applications' Locations
// (infra/stacks/...) resolve as from the root.
func write(t *testing.T, doc *yaml.Node) string {
	t.Helper()
	dir := t.TempDir()
	infra, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(infra, filepath.Join(dir, "infra")); err != nil {
		t.Fatal(err)
	}
	b, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "template.yaml")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
