package provision_test

import (
	"context"
	"maps"
	"testing"

	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
)

// The template's region-only parts (its nested applications) are made where
// their region has them, and the functions' mail settings follow: SES where
// the region has it and no SMTP server is given, SMTP where one is, none
// otherwise.
func TestDeployPerRegion(t *testing.T) {
	smtp := map[string]string{"SmtpHost": "smtp.example.com", "SmtpUser": "intake",
		"SmtpPasswordSecretArn": "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:smtp-AbCdEf"}
	oidc := map[string]string{"StaffIssuer": "https://idp.example.com", "StaffAudience": "console"}
	tests := []struct {
		name     string
		region   string
		params   map[string]string // over provision.LocalParameters
		wantPool bool
		wantSES  bool
		wantMail string // MAIL_TRANSPORT when SENDER_ADDRESS is set; "" for no mail
	}{
		{name: "global", region: "us-east-1", wantPool: true, wantSES: true, wantMail: "ses"},
		{name: "global with smtp", region: "us-east-1", params: smtp, wantPool: true, wantMail: "smtp"},
		{name: "hong kong", region: "ap-east-1", wantPool: true},
		{name: "hong kong with smtp", region: "ap-east-1", params: smtp, wantPool: true, wantMail: "smtp"},
		{name: "china", region: "cn-north-1", params: oidc},
		{name: "china with smtp", region: "cn-northwest-1", params: merge(oidc, smtp), wantMail: "smtp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, err := samtemplate.Load("../../../template.yaml")
			if err != nil {
				t.Fatal(err)
			}
			c := cfg.Copy()
			c.Region = tt.region
			stack, err := provision.DeployWith(context.Background(), c, tmpl, "region-"+tt.region, merge(provision.LocalParameters, tt.params))
			if err != nil {
				t.Fatal(err)
			}
			if got := stack.HasStaffPool(); got != tt.wantPool {
				t.Errorf("staff pool made: %v, want %v", got, tt.wantPool)
			}
			if got := stack.Ref("SenderIdentity") != ""; got != tt.wantSES {
				t.Errorf("SES identity made: %v, want %v", got, tt.wantSES)
			}
			for _, fn := range []string{"WebFunction", "StaffFunction"} {
				env, err := stack.FunctionEnv(fn)
				if err != nil {
					t.Fatal(err)
				}
				mail := env["MAIL_TRANSPORT"]
				if env["SENDER_ADDRESS"] == "" {
					mail = ""
				}
				if mail != tt.wantMail {
					t.Errorf("%s mails by %q, want %q (env %v)", fn, mail, tt.wantMail, env)
				}
				if tt.wantMail == "smtp" && (env["SMTP_HOST"] != smtp["SmtpHost"] || env["SMTP_PORT"] != "587" ||
					env["SMTP_USER"] != smtp["SmtpUser"] || env["SMTP_PASSWORD_SECRET"] != smtp["SmtpPasswordSecretArn"]) {
					t.Errorf("%s SMTP settings %v", fn, env)
				}
			}
			a, err := stack.JWTAuthorizer("HttpApi", "StaffAuthorizer")
			if err != nil {
				t.Fatal(err)
			}
			if !tt.wantPool && a.Issuer != oidc["StaffIssuer"] {
				t.Errorf("staff issuer %q, want %q", a.Issuer, oidc["StaffIssuer"])
			}
		})
	}
}

func merge(a, b map[string]string) map[string]string {
	m := maps.Clone(a)
	maps.Copy(m, b)
	return m
}
