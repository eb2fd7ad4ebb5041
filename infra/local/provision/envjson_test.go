package provision_test

import (
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"
)

// infra/local/env.json is the env-vars file for sam local invoke / start-api
// against a moto on the host. It must name every function of the template and
// give it the variables the template gives it, with the same table and queues as
// make run's stack (compliance-intake-local).
func TestEnvJSONMatchesTemplate(t *testing.T) {
	b, err := os.ReadFile("../env.json")
	if err != nil {
		t.Fatal(err)
	}
	var file map[string]map[string]string
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatalf("env.json: %v", err)
	}
	tmpl, stack := deploy(t, "compliance-intake-local")
	functions := tmpl.ResourcesOfType("AWS::Serverless::Function")
	if len(file) != len(functions) {
		t.Errorf("env.json has %d functions, template.yaml %d", len(file), len(functions))
	}
	for _, fn := range functions {
		got, ok := file[fn]
		if !ok {
			t.Errorf("env.json lacks %s", fn)
			continue
		}
		want, err := stack.FunctionEnv(fn)
		if err != nil {
			t.Fatal(err)
		}
		for k, w := range want {
			g, ok := got[k]
			switch {
			case !ok:
				t.Errorf("env.json %s lacks %s", fn, k)
			case strings.HasPrefix(k, "QUEUE_URL_"):
				// Same queue, seen from the container rather than the host.
				if path(g) != path(w) {
					t.Errorf("env.json %s %s = %s, want the queue at %s", fn, k, g, path(w))
				}
			case k == "STAFF_ISSUER" || k == "STAFF_CLIENT_ID":
				// moto makes the pool's and its client's ids afresh on every
				// start: env.json names them by placeholders, which the README
				// says to replace with those make run prints.
				if g != staffPlaceholders[k] || k == "STAFF_ISSUER" && strings.TrimSuffix(w, "/"+pathBase(w)) != strings.TrimSuffix(g, "/STAFF_USER_POOL_ID") {
					t.Errorf("env.json %s %s = %q, want %q (the template gives %q)", fn, k, g, staffPlaceholders[k], w)
				}
			case k == "SECRET_ID":
				// Same secret, by its name: Ref gives the ARN, whose suffix
				// moto draws anew for each stack; GetSecretValue takes either.
				if !strings.Contains(w, ":secret:"+g+"-") {
					t.Errorf("env.json %s %s = %s, want the name of %s", fn, k, g, w)
				}
			case g != w:
				t.Errorf("env.json %s %s = %q, template gives %q", fn, k, g, w)
			}
		}
		if got["AWS_ENDPOINT_URL"] == "" {
			t.Errorf("env.json %s has no AWS_ENDPOINT_URL", fn)
		}
		// sam local --env-vars sets only variables the template declares.
		declared, err := tmpl.FunctionEnvironment(fn)
		if err != nil {
			t.Fatal(err)
		}
		for k := range got {
			if _, ok := declared[k]; !ok {
				t.Errorf("env.json %s sets %s, which template.yaml does not declare: sam local would ignore it", fn, k)
			}
		}
	}
}

// staffPlaceholders are env.json's values of the variables that name the
// staff pool.
var staffPlaceholders = map[string]string{
	"STAFF_ISSUER":    "https://cognito-idp.us-east-1.amazonaws.com/STAFF_USER_POOL_ID",
	"STAFF_CLIENT_ID": "STAFF_CLIENT_ID",
}

func pathBase(u string) string { return u[strings.LastIndex(u, "/")+1:] }

func path(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	return p.Path
}
