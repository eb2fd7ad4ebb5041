package provision_test

import (
	"context"
	"errors"
	"testing"

	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
)

// The template's rules refuse a stack that could not work before anything is
// made, as CloudFormation does; the local stack refuses it too.
func TestRules(t *testing.T) {
	tmpl, err := samtemplate.Load("../../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	oidc := map[string]string{"StaffIssuer": "https://idp.example.com", "StaffAudience": "console"}
	tests := []struct {
		name     string
		region   string
		params   map[string]string
		wantRule string // "" for none refused
	}{
		{name: "global, the stack's own pool", region: "us-east-1"},
		{name: "global, another issuer", region: "us-east-1", params: oidc},
		{name: "china", region: "cn-north-1", params: oidc},
		{name: "china, ningxia", region: "cn-northwest-1", params: oidc},
		{name: "china without an issuer", region: "cn-north-1", wantRule: "ChinaNeedsStaffIssuer"},
		{name: "ningxia without an issuer", region: "cn-northwest-1", wantRule: "ChinaNeedsStaffIssuer"},
		{name: "china without an audience", region: "cn-north-1", params: map[string]string{"StaffIssuer": oidc["StaffIssuer"]},
			wantRule: "ChinaNeedsStaffIssuer"},
		{name: "an issuer without an audience", region: "us-east-1", params: map[string]string{"StaffIssuer": oidc["StaffIssuer"]},
			wantRule: "StaffIssuerNeedsAudience"},
		{name: "an SMTP user without a password", region: "us-east-1", params: map[string]string{"SmtpUser": "intake"},
			wantRule: "SmtpUserNeedsPassword"},
		{name: "an SMTP server without a sender", region: "us-east-1", params: map[string]string{"SmtpHost": "smtp.example.com"},
			wantRule: "SmtpHostNeedsSender"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := provision.CheckRules(tmpl, tt.region, tt.params)
			var refused *provision.RuleError
			switch {
			case tt.wantRule == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.wantRule != "" && (!errors.As(err, &refused) || refused.Rule != tt.wantRule || refused.Description == ""):
				t.Fatalf("err = %v, want a refusal by %s with its description", err, tt.wantRule)
			}
		})
	}
}

// A deployment the rules refuse makes nothing.
func TestDeployRefusedByRules(t *testing.T) {
	tmpl, err := samtemplate.Load("../../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c := cfg.Copy()
	c.Region = "cn-north-1"
	stack, err := provision.DeployWith(context.Background(), c, tmpl, "refused", provision.LocalParameters)
	var refused *provision.RuleError
	if !errors.As(err, &refused) || refused.Rule != "ChinaNeedsStaffIssuer" {
		t.Fatalf("DeployWith = %v, %v; want a refusal by ChinaNeedsStaffIssuer", stack, err)
	}
}
