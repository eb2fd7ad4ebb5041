package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/putuo-compliance/intake/infra/local/demostaff"
	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/infra/local/provision"
)

const templatePath = "../../../../template.yaml"

func TestToken(t *testing.T) {
	ctx := context.Background()
	env, err := localtest.Start(ctx, templatePath, "token")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(env.Stop)
	vars := map[string]string{"AWS_ENDPOINT_URL": env.URL, "STACK_NAME": env.Stack.Name, "TEMPLATE": templatePath}
	getenv := func(k string) string { return vars[k] }

	tests := []struct {
		name       string
		args       []string
		wantUser   string
		wantAgency string
		wantErr    error
		wantFail   bool // run must fail, with wantErr (errors.Is) when set
	}{
		{name: "staff", args: []string{"-agency", "cyberspace"}, wantUser: "staff-cyberspace", wantAgency: "cyberspace"},
		{name: "supervisor", args: []string{"-agency", "procuratorate", "-role", "supervisor"},
			wantUser: "supervisor-procuratorate", wantAgency: "procuratorate"},
		{name: "no supervisor there", args: []string{"-agency", "cyberspace", "-role", "supervisor"}, wantFail: true, wantErr: demostaff.ErrNoSuchUser},
		{name: "no agency", wantFail: true},
		{name: "other stack", args: []string{"-agency", "cyberspace", "-stack-name", "not-running"}, wantFail: true, wantErr: provision.ErrNoStaffPool},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(ctx, tt.args, getenv, &out)
			if tt.wantFail {
				if err == nil || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
					t.Fatalf("run = %v, want error %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			parts := strings.Split(strings.TrimSpace(out.String()), ".")
			if len(parts) != 3 {
				t.Fatalf("printed %q, not a JWT", out.String())
			}
			b, _ := base64.RawURLEncoding.DecodeString(parts[1])
			var claims map[string]any
			if err := json.Unmarshal(b, &claims); err != nil {
				t.Fatal(err)
			}
			if claims["cognito:username"] != tt.wantUser || claims["custom:agency"] != tt.wantAgency || claims["token_use"] != "id" {
				t.Errorf("claims %v", claims)
			}
		})
	}
}
