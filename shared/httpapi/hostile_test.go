package httpapi_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/infra/local/localtest"
)

// hostileBodies derives hundreds of bad requests from the valid samples: every
// field in turn given a wrong type, null, an overlong or control-character string,
// an unknown sibling, and whole-body damage.
func hostileBodies(t testing.TB) []string {
	var bodies []string
	for _, name := range []string{"submit-consultation.json", "submit-training.json"} {
		b, err := os.ReadFile("../../events/" + name)
		if err != nil {
			t.Fatal(err)
		}
		var ev events.APIGatewayV2HTTPRequest
		if err := json.Unmarshal(b, &ev); err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal([]byte(localtest.CurrentDates(ev.Body)), &doc); err != nil {
			t.Fatal(err)
		}
		replacements := []any{nil, 42, -1, 1e308, true, "", strings.Repeat("长", 6000), "a\x00b", "\u202e", []any{}, []any{nil}, map[string]any{}, map[string]any{"x": 1}}
		eachLeaf(doc, func(set func(any)) {
			for _, r := range replacements {
				set(r)
				out, _ := json.Marshal(doc)
				bodies = append(bodies, string(out))
			}
		})
		eachObject(doc, func(obj map[string]any) {
			obj["__proto__"] = 1
			out, _ := json.Marshal(doc)
			bodies = append(bodies, string(out))
			delete(obj, "__proto__")
		})
		valid, _ := json.Marshal(doc)
		s := string(valid)
		bodies = append(bodies,
			s[:len(s)/2],                       // truncated
			s+"{}",                             // trailing data
			s+"garbage",                        // trailing garbage
			"\xef\xbb\xbf"+s,                   // byte-order mark
			strings.Replace(s, `"`, "\xff", 1), // invalid UTF-8
			strings.Replace(s, `{"company"`, `{"company":1,"company"`, 1), // duplicate key
			strings.Repeat("[", 10000),                                    // deep nesting
			strings.Repeat(`{"a":`, 5000),                                 // deep objects
			"null", "[]", `""`, "0", "", " ", "{", "}", `{"`, `{"company":{"name":"\ud800"}}`,
		)
	}
	return bodies
}

// eachLeaf calls visit for every non-container value, with a setter that replaces
// it; the original is restored afterwards.
func eachLeaf(v any, visit func(set func(any))) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			orig := e
			visit(func(r any) { v[k] = r })
			v[k] = orig
			eachLeaf(orig, visit)
		}
	case []any:
		for i, e := range v {
			orig := e
			visit(func(r any) { v[i] = r })
			v[i] = orig
			eachLeaf(orig, visit)
		}
	}
}

func eachObject(v any, visit func(map[string]any)) {
	switch v := v.(type) {
	case map[string]any:
		visit(v)
		for _, e := range v {
			eachObject(e, visit)
		}
	case []any:
		for _, e := range v {
			eachObject(e, visit)
		}
	}
}

// checkRefused asserts the bar for bad input: a 4xx with a clear error (field-level
// for 400), never a 5xx or a panic, and nothing stored or queued.
func checkRefused(t testing.TB, e env, route, body string) (refused bool) {
	t.Helper()
	req := events.APIGatewayV2HTTPRequest{
		RouteKey: route,
		Headers:  map[string]string{"content-type": "application/json"},
		Body:     body,
	}
	before := e.store.Len()
	resp, err := e.submit(context.Background(), req)
	if err != nil {
		t.Fatalf("handler error for %.80q: %v", body, err)
	}
	if resp.StatusCode >= 500 {
		t.Fatalf("%d for %.80q: %s", resp.StatusCode, body, resp.Body)
	}
	if resp.StatusCode == 201 {
		return false // a mutation may still be valid (e.g. an optional field emptied)
	}
	if resp.StatusCode != 400 && resp.StatusCode != 413 {
		t.Fatalf("status %d for %.80q", resp.StatusCode, body)
	}
	if e.store.Len() != before {
		t.Fatalf("refused request stored something: %.80q", body)
	}
	var eb errorBody
	if err := json.Unmarshal([]byte(resp.Body), &eb); err != nil || eb.Error.Message == "" {
		t.Fatalf("unclear error for %.80q: %s", body, resp.Body)
	}
	if resp.StatusCode == 400 && len(eb.Error.Fields) == 0 {
		t.Fatalf("400 without field errors for %.80q: %s", body, resp.Body)
	}
	return true
}

func TestHostileCorpus(t *testing.T) {
	bodies := hostileBodies(t)
	if len(bodies) < 300 {
		t.Fatalf("corpus has only %d requests", len(bodies))
	}
	refused := 0
	for _, body := range bodies {
		e := newEnv()
		route := "POST /v1/consultations"
		if strings.Contains(body, `"training"`) {
			route = "POST /v1/training-requests"
		}
		if checkRefused(t, e, route, body) {
			refused++
		}

	}
	// Nearly every mutation breaks a rule; the few that do not (an optional field
	// emptied) must have been accepted cleanly above.
	if refused < len(bodies)*9/10 {
		t.Fatalf("only %d of %d hostile requests refused", refused, len(bodies))
	}
	t.Logf("%d hostile requests, %d refused with field errors, none stored", len(bodies), refused)
}

func FuzzSubmit(f *testing.F) {
	for _, b := range hostileBodies(f)[:50] {
		f.Add(b)
	}
	f.Add(`{"company":{}}`)
	e := newEnv()
	f.Fuzz(func(t *testing.T, body string) {
		for _, route := range []string{"POST /v1/consultations", "POST /v1/training-requests"} {
			checkRefused(t, e, route, body)
		}
	})
}
