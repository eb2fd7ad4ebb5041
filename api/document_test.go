package api_test

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/putuo-compliance/intake/api"
	"github.com/putuo-compliance/intake/api/apitest"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
)

func document(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := apitest.Document()
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestDocumentIsValidOpenAPI31(t *testing.T) {
	doc := document(t) // loaded and validated by kin-openapi
	if !doc.IsOpenAPI31OrLater() || doc.IsOpenAPI32OrLater() {
		t.Errorf("openapi: %q, want 3.1.x", doc.OpenAPI)
	}
	// The validator must be able to say no, or the test above proves nothing.
	tests := []struct{ name, give string }{
		{"no info", "openapi: 3.1.0\npaths: {}\n"},
		{"dangling $ref", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Nope'}\n"},
		{"path parameter not declared", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x/{id}:\n    get:\n      responses:\n        '200': {description: ok}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad, err := openapi3.NewLoader().LoadFromData([]byte(tt.give))
			if err == nil {
				err = bad.Validate(context.Background())
			}
			if err == nil {
				t.Error("a broken document passed")
			}
		})
	}
}

func TestHandlerServesTheEmbeddedDocument(t *testing.T) {
	req := events.APIGatewayV2HTTPRequest{RouteKey: api.RouteKey, RawPath: "/v1/openapi.json"}
	resp, err := api.Handler(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	apitest.Check(t, req, resp)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Headers["Content-Type"], "application/json") || resp.Headers["Cache-Control"] == "" {
		t.Fatalf("status %d, headers %v", resp.StatusCode, resp.Headers)
	}
	// The JSON is the YAML: the same document, loaded either way.
	fromJSON, err := openapi3.NewLoader().LoadFromData([]byte(resp.Body))
	if err != nil {
		t.Fatalf("served JSON does not load: %v", err)
	}
	want, _ := json.Marshal(document(t))
	got, _ := json.Marshal(fromJSON)
	if string(got) != string(want) {
		t.Errorf("served document differs from openapi.yaml:\n got %.300s\nwant %.300s", got, want)
	}
	again, _ := api.Handler(context.Background(), req)
	if again.Body != resp.Body {
		t.Error("a second request got another body")
	}
}

// Every JSON route of the template (under /v1/; the others serve HTML pages) is
// in the document, and every operation of the document is a template route.
func TestRoutesMatchTemplate(t *testing.T) {
	tmpl, err := samtemplate.Load("../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	inTemplate := map[string]bool{}
	for _, r := range tmpl.Routes() {
		if strings.HasPrefix(r.Path, "/v1/") {
			inTemplate[r.Key()] = true
		}
	}
	if len(inTemplate) == 0 {
		t.Fatal("template.yaml has no /v1/ routes")
	}
	inDocument := map[string]bool{}
	for path, item := range document(t).Paths.Map() {
		for method := range item.Operations() {
			inDocument[method+" "+path] = true
		}
	}
	for _, k := range slices.Sorted(maps.Keys(inTemplate)) {
		if !inDocument[k] {
			t.Errorf("template route %q is missing from api/openapi.yaml", k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(inDocument)) {
		if !inTemplate[k] {
			t.Errorf("api/openapi.yaml has %q, which template.yaml does not route", k)
		}
	}
}

// The request bodies name the forms catalog's fields, no more, no fewer, and
// give each enum field the catalog's options.
func TestBodiesMatchFormsCatalog(t *testing.T) {
	doc := document(t)
	tests := []struct {
		path string
		kind forms.Kind
	}{
		{"/v1/consultations", forms.KindConsultation},
		{"/v1/training-requests", forms.KindTraining},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			op := doc.Paths.Value(tt.path).Post
			schema := op.RequestBody.Value.Content.Get("application/json").Schema.Value
			inDocument := map[string]*openapi3.Schema{}
			collectFields(schema, "", inDocument)

			catalog := map[string]forms.Field{}
			for _, f := range forms.Fields(tt.kind) {
				catalog[f.Path] = f
			}
			for _, p := range slices.Sorted(maps.Keys(catalog)) {
				s, ok := inDocument[p]
				if !ok {
					t.Errorf("forms catalog field %q is missing from the document", p)
					continue
				}
				want := optionValues(catalog[p])
				if got := enumOf(s); !slices.Equal(got, want) {
					t.Errorf("%s: document enum %v, catalog options %v", p, got, want)
				}
			}
			for _, p := range slices.Sorted(maps.Keys(inDocument)) {
				if _, ok := catalog[p]; !ok {
					t.Errorf("document field %q is not in the forms catalog", p)
				}
			}
		})
	}
}

// collectFields records every property by its JSON path, sections included, as
// the catalog lists them; a list's items share the list's path.
func collectFields(s *openapi3.Schema, prefix string, out map[string]*openapi3.Schema) {
	for name, ref := range s.Properties {
		path := name
		if prefix != "" {
			path = prefix + "." + name
		}
		out[path] = ref.Value
		if len(ref.Value.Properties) > 0 {
			collectFields(ref.Value, path, out)
		}
	}
}

// enumOf is a field's allowed values, sorted: its own enum, its items' or that
// of a schema it is allOf.
func enumOf(s *openapi3.Schema) []string {
	var values []any
	switch {
	case len(s.Enum) > 0:
		values = s.Enum
	case s.Items != nil && len(s.Items.Value.Enum) > 0:
		values = s.Items.Value.Enum
	default:
		for _, sub := range s.AllOf {
			values = append(values, sub.Value.Enum...)
		}
	}
	var out []string
	for _, v := range values {
		out = append(out, v.(string))
	}
	slices.Sort(out)
	return out
}

func optionValues(f forms.Field) []string {
	var out []string
	for _, o := range f.Options {
		out = append(out, o.Value)
	}
	slices.Sort(out)
	return out
}

// The field error codes of the document are forms' Code constants, which
// messages.go calls part of the public contract.
func TestFieldErrorCodesMatchForms(t *testing.T) {
	var want []string
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "../shared/forms/codes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		spec, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		for i, name := range spec.Names {
			if lit, ok := spec.Values[i].(*ast.BasicLit); ok && strings.HasPrefix(name.Name, "Code") && lit.Kind == token.STRING {
				v, _ := strconv.Unquote(lit.Value)
				want = append(want, v)
			}
		}
		return true
	})
	if len(want) < 10 {
		t.Fatalf("found only %d Code constants in shared/forms/codes.go", len(want))
	}
	slices.Sort(want)
	code := document(t).Components.Schemas["FieldError"].Value.Properties["code"].Value
	if got := enumOf(code); !slices.Equal(got, want) {
		t.Errorf("FieldError.code enum\n got %v\nwant %v (shared/forms/codes.go)", got, want)
	}
}

// The error codes of the document are those of the edge's one error table,
// 429's and 428's among them, and the codes with which the staff API refuses a
// move (a TransitionError's, in place of the table's conflict or forbidden).
func TestErrorCodesMatchEdge(t *testing.T) {
	code := document(t).Components.Schemas["Error"].Value.Properties["error"].Value.Properties["code"].Value
	want := append(httpedge.Codes(), intake.CodeInvalidTransition, intake.CodeWrongKind, intake.CodeActorNotAllowed)
	slices.Sort(want)
	if got := enumOf(code); !slices.Equal(got, want) {
		t.Errorf("Error.code enum\n got %v\nwant %v (shared/httpedge's table and the staff API's refusals)", got, want)
	}
}

// The document names every published consent wording, and shows the current
// one as the example, so that a client learns which to send.
func TestConsentVersionsMatchForms(t *testing.T) {
	v := document(t).Components.Schemas["Consent"].Value.Properties["version"].Value
	for _, w := range forms.ConsentWordings {
		if !strings.Contains(v.Description, "`"+w.Version+"`") {
			t.Errorf("consent.version's description does not name the published version %s", w.Version)
		}
	}
	if v.Example != forms.CurrentConsent().Version {
		t.Errorf("consent.version's example is %v, the current wording %s", v.Example, forms.CurrentConsent().Version)
	}
}

// The agency codes of the document are shared/agency's.
func TestAgencyCodesMatch(t *testing.T) {
	var want []string
	for _, a := range agency.All {
		want = append(want, string(a.Code))
	}
	slices.Sort(want)
	code := document(t).Components.Schemas["Agency"].Value.Properties["code"].Value
	if got := enumOf(code); !slices.Equal(got, want) {
		t.Errorf("Agency.code enum %v, shared/agency has %v", got, want)
	}
}
