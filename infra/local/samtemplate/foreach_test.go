package samtemplate_test

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/putuo-compliance/intake/infra/local/samtemplate"
	"github.com/putuo-compliance/intake/shared/agency"
)

const loopSample = `
Parameters:
  Served: {Type: CommaDelimitedList, Default: "A,Bee"}
Resources:
  Fn::ForEach::Things:
    - Id
    - [A, Bee]
    - ${Id}Queue:
        Type: AWS::SQS::Queue
        Properties:
          QueueName: !Sub "${AWS::StackName}-${Id}"
          Tag: !Ref Id
          Arn: !GetAtt [!Sub "${Id}Other", Arn]
  Fn::ForEach::Served:
    - Id
    - !Ref Served
    - ${Id}Mapping:
        Type: AWS::Lambda::EventSourceMapping
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          PLAIN: x
          Fn::ForEach::Urls:
            - Code
            - [a-b, c]
            - URL_&{Code}: !Sub "${Code}/x"
`

func TestForEach(t *testing.T) {
	tmpl, err := samtemplate.Parse([]byte(loopSample))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tmpl.ResourcesOfType("AWS::SQS::Queue"), []string{"AQueue", "BeeQueue"}; !slices.Equal(got, want) {
		t.Errorf("queues %v, want %v", got, want)
	}
	if got, want := tmpl.ResourcesOfType("AWS::Lambda::EventSourceMapping"), []string{"AMapping", "BeeMapping"}; !slices.Equal(got, want) {
		t.Errorf("mappings from the parameter's default %v, want %v", got, want)
	}
	wantProps := map[string]any{
		"QueueName": map[string]any{"Fn::Sub": "${AWS::StackName}-Bee"},
		"Tag":       "Bee",
		"Arn":       map[string]any{"Fn::GetAtt": []any{map[string]any{"Fn::Sub": "BeeOther"}, "Arn"}},
	}
	if got := tmpl.Resources["BeeQueue"].Properties; !reflect.DeepEqual(got, wantProps) {
		t.Errorf("BeeQueue properties %#v, want %#v", got, wantProps)
	}
	env, err := tmpl.FunctionEnvironment("Fn")
	if err != nil {
		t.Fatal(err)
	}
	wantEnv := map[string]any{"PLAIN": "x", "URL_ab": map[string]any{"Fn::Sub": "a-b/x"}, "URL_c": map[string]any{"Fn::Sub": "c/x"}}
	if !reflect.DeepEqual(env, wantEnv) {
		t.Errorf("environment %#v, want %#v", env, wantEnv)
	}
}

func TestForEachRefusesWhatItCannotExpand(t *testing.T) {
	tests := map[string]string{
		"not a list parameter": "Parameters: {P: {Type: String, Default: a}}\nResources:\n  Fn::ForEach::X: [Id, !Ref P, {'${Id}': {Type: T}}]\n",
		"two parts":            "Resources:\n  Fn::ForEach::X: [Id, [a]]\n",
		"a key made twice":     "Resources:\n  Fn::ForEach::X: [Id, [a, a], {'${Id}': {Type: T}}]\n",
	}
	for name, give := range tests {
		if _, err := samtemplate.Parse([]byte(give)); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
}

// Every loop of template.yaml over the agencies lists exactly shared/agency's,
// by their IDs, and the Agencies mapping gives each its code: the template and
// the code cannot disagree on which agencies there are.
func TestTemplateLoopsOverTheAgencies(t *testing.T) {
	var want []string
	codes := map[string]any{}
	for _, a := range agency.All {
		want = append(want, a.Code.ID())
		codes[a.Code.ID()] = map[string]any{"Code": string(a.Code)}
	}
	data, err := os.ReadFile("../../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	loops := 0
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if strings.HasPrefix(k.Value, "Fn::ForEach::") && v.Content[0].Value == "Agency" && v.Content[1].Kind == yaml.SequenceNode {
				loops++
				var got []string
				for _, item := range v.Content[1].Content {
					got = append(got, item.Value)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s loops over %v, want %v", k.Value, got, want)
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&root)
	if loops < 3 {
		t.Errorf("found %d loops over the agencies", loops)
	}
	tmpl, err := samtemplate.Load("../../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{}
	for id, m := range tmpl.Mappings["Agencies"] {
		got[id] = m
	}
	if !reflect.DeepEqual(got, codes) {
		t.Errorf("Mappings.Agencies = %v, want %v", got, codes)
	}
}
