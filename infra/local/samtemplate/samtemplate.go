// Package samtemplate reads the parts of template.yaml that the local stack needs:
// resources with their properties and conditions, globals, parameters, mappings,
// conditions and the HTTP API routes with their authorizers.
// CloudFormation's short tags (!Ref, !Sub, !GetAtt, ...) become their long form
// ({"Ref": x}, {"Fn::Sub": x}, {"Fn::GetAtt": [resource, attribute]}), and the
// AWS::LanguageExtensions transform's Fn::ForEach loops are expanded (foreach.go),
// so callers see the resources CloudFormation would. A nested application's
// local template (AWS::Serverless::Application with a Location path) is read
// by Nested, as sam build reads it.
package samtemplate

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Template is a parsed SAM template.
type Template struct {
	Parameters map[string]Parameter `yaml:"Parameters"`
	// Mappings are the template's maps: name, top-level key, second-level key.
	Mappings   map[string]map[string]map[string]any `yaml:"Mappings"`
	Conditions map[string]any                       `yaml:"Conditions"`
	Rules      map[string]Rule                      `yaml:"Rules"`
	Globals    map[string]any                       `yaml:"Globals"`
	Resources  map[string]Resource                  `yaml:"Resources"`
	Outputs    map[string]Output                    `yaml:"Outputs"`

	// Dir is the folder of the template's file, against which nested
	// applications' Locations are read; empty for a parsed one (the working
	// directory).
	Dir string `yaml:"-"`
}

// Output is one of the template's outputs.
type Output struct {
	Condition string `yaml:"Condition"` // given only when this condition holds
	Value     any    `yaml:"Value"`
}

// Rule is one of the template's rules: when RuleCondition holds (or is
// absent), every assertion must, else CloudFormation refuses the stack before
// it makes anything.
type Rule struct {
	RuleCondition any         `yaml:"RuleCondition"`
	Assertions    []Assertion `yaml:"Assertions"`
}

// Assertion is one of a rule's assertions.
type Assertion struct {
	Assert            any    `yaml:"Assert"`
	AssertDescription string `yaml:"AssertDescription"`
}

// Parameter is a template parameter; the local stack uses its default.
type Parameter struct {
	Type    string `yaml:"Type"`
	Default any    `yaml:"Default"`
}

// Resource is one resource of the template.
type Resource struct {
	Type       string         `yaml:"Type"`
	Condition  string         `yaml:"Condition"` // created only when this condition holds
	Properties map[string]any `yaml:"Properties"`
}

// Route is one HTTP API route and the function that serves it.
type Route struct {
	Method   string // upper case, or ANY
	Path     string // e.g. /v1/submissions/{reference}
	Function string // logical ID

	// Authorizer names the HttpApi authorizer that guards the route (its own
	// Auth.Authorizer, else the API's DefaultAuthorizer); empty when open.
	Authorizer string
	// Scopes are the route's AuthorizationScopes, else the authorizer's.
	Scopes []string
}

// Key is the route as API Gateway writes it in routeKey, e.g. "GET /v1/x".
func (r Route) Key() string { return r.Method + " " + r.Path }

// Load reads and parses the template at path.
func Load(path string) (*Template, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}
	t, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	t.Dir = filepath.Dir(path)
	return t, nil
}

// Nested reads the template of the nested application id: an
// AWS::Serverless::Application whose Location is a path to a local template,
// relative to this template's folder (as sam build and sam package take it).
func (t *Template) Nested(id string) (*Template, error) {
	r, ok := t.Resources[id]
	if !ok || r.Type != "AWS::Serverless::Application" {
		return nil, fmt.Errorf("no nested application %q in template", id)
	}
	loc, ok := r.Properties["Location"].(string)
	if !ok || loc == "" {
		return nil, fmt.Errorf("nested application %s: Location is not a local template path", id)
	}
	return Load(filepath.Join(t.Dir, loc))
}

// Parse parses a template.
func Parse(data []byte) (*Template, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("parse template: %w", err)
	}
	expandShortTags(&root)
	var raw map[string]any
	var params struct {
		Parameters map[string]Parameter `yaml:"Parameters"`
	}
	if err := root.Decode(&raw); err != nil {
		return nil, fmt.Errorf("decode template: %w", err)
	}
	if err := root.Decode(&params); err != nil {
		return nil, fmt.Errorf("decode template: %w", err)
	}
	for _, section := range []string{"Resources", "Conditions", "Outputs"} {
		if v, ok := raw[section]; ok {
			x, err := expandForEach(v, params.Parameters)
			if err != nil {
				return nil, fmt.Errorf("template %s: %w", section, err)
			}
			raw[section] = x
		}
	}
	expanded, err := yaml.Marshal(raw)
	if err != nil {
		return nil, fmt.Errorf("expand template: %w", err)
	}
	var t Template
	if err := yaml.Unmarshal(expanded, &t); err != nil {
		return nil, fmt.Errorf("decode template: %w", err)
	}
	return &t, nil
}

// expandShortTags rewrites !Tag value nodes into {"Fn::Tag": value} mappings in place.
func expandShortTags(n *yaml.Node) {
	for _, c := range n.Content {
		expandShortTags(c)
	}
	if !strings.HasPrefix(n.Tag, "!") || strings.HasPrefix(n.Tag, "!!") {
		return
	}
	name := strings.TrimPrefix(n.Tag, "!")
	if name != "Ref" && name != "Condition" {
		name = "Fn::" + name
	}
	value := *n
	value.Tag = ""
	switch value.Kind {
	case yaml.ScalarNode:
		value.Tag = "!!str"
		if name == "Fn::GetAtt" { // !GetAtt A.B is short for [A, B]
			a, b, _ := strings.Cut(value.Value, ".")
			value = yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{
				{Kind: yaml.ScalarNode, Tag: "!!str", Value: a},
				{Kind: yaml.ScalarNode, Tag: "!!str", Value: b},
			}}
		}
	}
	*n = yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		{Kind: yaml.ScalarNode, Tag: "!!str", Value: name}, &value,
	}}
}

// Routes lists every HttpApi event of every function, sorted by path and method.
func (t *Template) Routes() []Route {
	var routes []Route
	for _, id := range t.ResourcesOfType("AWS::Serverless::Function") {
		events, _ := t.Resources[id].Properties["Events"].(map[string]any)
		for _, e := range events {
			ev, _ := e.(map[string]any)
			if ev["Type"] != "HttpApi" {
				continue
			}
			props, _ := ev["Properties"].(map[string]any)
			path, _ := props["Path"].(string)
			method, _ := props["Method"].(string)
			r := Route{Method: strings.ToUpper(method), Path: path, Function: id}
			r.Authorizer, r.Scopes = t.routeAuth(props)
			routes = append(routes, r)
		}
	}
	sort.Slice(routes, func(i, j int) bool {
		if routes[i].Path != routes[j].Path {
			return routes[i].Path < routes[j].Path
		}
		return routes[i].Method < routes[j].Method
	})
	return routes
}

// routeAuth applies SAM's rules to an HttpApi event's properties: the event's
// Auth.Authorizer over its API's DefaultAuthorizer, NONE for none; the event's
// AuthorizationScopes over the authorizer's.
func (t *Template) routeAuth(props map[string]any) (string, []string) {
	api := t.eventAPI(props)
	apiAuth, _ := t.Resources[api].Properties["Auth"].(map[string]any)
	auth, _ := props["Auth"].(map[string]any)
	name, _ := auth["Authorizer"].(string)
	if name == "" {
		name, _ = apiAuth["DefaultAuthorizer"].(string)
	}
	if name == "" || name == "NONE" {
		return "", nil
	}
	scopes := stringList(auth["AuthorizationScopes"])
	if scopes == nil {
		def, _ := t.Authorizer(api, name)
		scopes = stringList(def["AuthorizationScopes"])
	}
	return name, scopes
}

// eventAPI is the HttpApi an event belongs to: its ApiId, else the only one.
func (t *Template) eventAPI(props map[string]any) string {
	if ref, ok := props["ApiId"].(map[string]any); ok {
		if id, ok := ref["Ref"].(string); ok {
			return id
		}
	}
	if apis := t.ResourcesOfType("AWS::Serverless::HttpApi"); len(apis) == 1 {
		return apis[0]
	}
	return ""
}

// Authorizer returns the definition of the authorizer name on the HttpApi api
// (IdentitySource, JwtConfiguration, ...), unresolved; api empty means the only
// HttpApi.
func (t *Template) Authorizer(api, name string) (map[string]any, bool) {
	if api == "" {
		api = t.eventAPI(nil)
	}
	r, ok := t.Resources[api]
	if !ok || r.Type != "AWS::Serverless::HttpApi" {
		return nil, false
	}
	auth, _ := r.Properties["Auth"].(map[string]any)
	all, _ := auth["Authorizers"].(map[string]any)
	def, ok := all[name].(map[string]any)
	return def, ok
}

func stringList(v any) []string {
	list, ok := v.([]any)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(list))
	for _, e := range list {
		out = append(out, fmt.Sprint(e))
	}
	return out
}

// ResourcesOfType lists the logical IDs of resources of type typ, sorted.
func (t *Template) ResourcesOfType(typ string) []string {
	var ids []string
	for id, r := range t.Resources {
		if r.Type == typ {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// FunctionEnvironment returns a function's environment variables as written in
// the template, Globals first and the function's own over them, unresolved.
func (t *Template) FunctionEnvironment(id string) (map[string]any, error) {
	r, ok := t.Resources[id]
	if !ok || r.Type != "AWS::Serverless::Function" {
		return nil, fmt.Errorf("no function %q in template", id)
	}
	vars := map[string]any{}
	global, _ := t.Globals["Function"].(map[string]any)
	for _, props := range []map[string]any{global, r.Properties} {
		env, _ := props["Environment"].(map[string]any)
		vs, _ := env["Variables"].(map[string]any)
		for k, v := range vs {
			vars[k] = v
		}
	}
	return vars, nil
}

// Schedule is a function's Schedule event with a rate() expression.
type Schedule struct {
	Function string
	Every    time.Duration
}

// Schedules lists every function's Schedule events written as rate(N unit),
// sorted by function. cron() expressions are left out: the local stack runs rates
// only.
func (t *Template) Schedules() []Schedule {
	var out []Schedule
	for _, id := range t.ResourcesOfType("AWS::Serverless::Function") {
		events, _ := t.Resources[id].Properties["Events"].(map[string]any)
		for _, e := range events {
			ev, _ := e.(map[string]any)
			if ev["Type"] != "Schedule" {
				continue
			}
			props, _ := ev["Properties"].(map[string]any)
			expr, _ := props["Schedule"].(string)
			if every, ok := parseRate(expr); ok {
				out = append(out, Schedule{Function: id, Every: every})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Function < out[j].Function })
	return out
}

// parseRate reads EventBridge's rate(value unit), e.g. rate(1 minute).
func parseRate(expr string) (time.Duration, bool) {
	inner, ok := strings.CutPrefix(expr, "rate(")
	if !ok || !strings.HasSuffix(inner, ")") {
		return 0, false
	}
	var n int
	var unit string
	if _, err := fmt.Sscanf(strings.TrimSuffix(inner, ")"), "%d %s", &n, &unit); err != nil || n <= 0 {
		return 0, false
	}
	units := map[string]time.Duration{"minute": time.Minute, "hour": time.Hour, "day": 24 * time.Hour}
	d, ok := units[strings.TrimSuffix(unit, "s")]
	return time.Duration(n) * d, ok
}
