package provision_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	ciptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/putuo-compliance/intake/infra/local/demostaff"
	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
)

func TestDeployStaffPool(t *testing.T) {
	ctx := context.Background()
	_, stack := deploy(t, "pool-test")
	c := cip.NewFromConfig(cfg)
	poolID, clientID := stack.Ref("StaffUserPool"), stack.Ref("StaffUserPoolClient")
	if poolID == "" || clientID == "" {
		t.Fatalf("pool %q client %q", poolID, clientID)
	}

	pool, err := c.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &poolID})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(pool.UserPool.SchemaAttributes, func(a ciptypes.SchemaAttributeType) bool { return aws.ToString(a.Name) == "custom:agency" }) {
		t.Error("pool has no custom:agency attribute")
	}
	if pool.UserPool.AdminCreateUserConfig == nil || !pool.UserPool.AdminCreateUserConfig.AllowAdminCreateUserOnly {
		t.Error("pool lets users sign up")
	}
	groups, err := c.ListGroups(ctx, &cip.ListGroupsInput{UserPoolId: &poolID})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range groups.Groups {
		names = append(names, aws.ToString(g.GroupName))
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"staff", "supervisor"}) {
		t.Errorf("groups %v", names)
	}

	// Every demo user signs in at once, and the ID token carries the agency and
	// the groups from the pool.
	for _, u := range demostaff.Users() {
		res, err := demostaff.SignIn(ctx, c, clientID, u.Name, demostaff.Password)
		if err != nil {
			t.Fatalf("%s: %v", u.Name, err)
		}
		claims := payload(t, aws.ToString(res.IdToken))
		if claims["custom:agency"] != string(u.Agency) || claims["aud"] != clientID {
			t.Errorf("%s: custom:agency %v aud %v", u.Name, claims["custom:agency"], claims["aud"])
		}
		var got []string
		for _, g := range claims["cognito:groups"].([]any) {
			got = append(got, g.(string))
		}
		slices.Sort(got)
		if !slices.Equal(got, u.Groups) {
			t.Errorf("%s: cognito:groups %v, want %v", u.Name, got, u.Groups)
		}
	}

	// make token finds the same pool and client by name.
	tmpl, err := samtemplate.Load("../../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, cl, err := provision.StaffPool(ctx, cfg, tmpl, "pool-test")
	if err != nil || p != poolID || cl != clientID {
		t.Errorf("StaffPool = %q, %q, %v; want %q, %q", p, cl, err, poolID, clientID)
	}
	if _, _, err := provision.StaffPool(ctx, cfg, tmpl, "no-such-stack"); err == nil {
		t.Error("StaffPool of a stack never deployed: want an error")
	}
}

// Users must not change the attribute that scopes what they may see. Cognito
// refuses UpdateUserAttributes for an attribute outside the app client's
// WriteAttributes; moto 5 does not check that (it accepts any attribute), so this
// checks that the template's client, and the client Deploy made from it, leave
// custom:agency out of its write attributes while reading it.
func TestUsersCannotWriteTheirAgency(t *testing.T) {
	ctx := context.Background()
	tmpl, stack := deploy(t, "write-test")
	pool, err := tmpl.Nested("StaffPoolStack")
	if err != nil {
		t.Fatal(err)
	}
	props := pool.Resources["StaffUserPoolClient"].Properties
	write, _ := props["WriteAttributes"].([]any)
	if len(write) == 0 {
		t.Fatal("template's client has no WriteAttributes: Cognito would let users write every attribute")
	}
	if slices.Contains(write, any("custom:agency")) {
		t.Error("template's client may write custom:agency")
	}
	out, err := cip.NewFromConfig(cfg).DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{
		UserPoolId: aws.String(stack.Ref("StaffUserPool")), ClientId: aws.String(stack.Ref("StaffUserPoolClient")),
	})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(out.UserPoolClient.WriteAttributes, "custom:agency") || len(out.UserPoolClient.WriteAttributes) == 0 {
		t.Errorf("deployed client writes %v", out.UserPoolClient.WriteAttributes)
	}
	if !slices.Contains(out.UserPoolClient.ReadAttributes, "custom:agency") {
		t.Errorf("deployed client reads %v, without custom:agency", out.UserPoolClient.ReadAttributes)
	}
}

func TestDeployStaffPoolTwice(t *testing.T) {
	_, a := deploy(t, "pool-twice")
	_, b := deploy(t, "pool-twice")
	if a.Ref("StaffUserPool") != b.Ref("StaffUserPool") || a.Ref("StaffUserPoolClient") != b.Ref("StaffUserPoolClient") {
		t.Fatal("second Deploy made another pool or client")
	}
}

func TestStaffAuthorizer(t *testing.T) {
	tests := []struct {
		name         string
		issuer       string // StaffIssuer; empty: the stack's pool
		audience     string
		wantPool     bool
		wantIssuer   string
		wantAudience string
	}{
		{name: "own pool", wantPool: true},
		{name: "other issuer", issuer: "https://idp.example.com", audience: "console",
			wantIssuer: "https://idp.example.com", wantAudience: "console"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, err := samtemplate.Load("../../../template.yaml")
			if err != nil {
				t.Fatal(err)
			}
			tmpl.Parameters["StaffIssuer"] = samtemplate.Parameter{Type: "String", Default: tt.issuer}
			tmpl.Parameters["StaffAudience"] = samtemplate.Parameter{Type: "String", Default: tt.audience}
			stack, err := provision.Deploy(context.Background(), cfg, tmpl, "authz-"+strings.ReplaceAll(tt.name, " ", "-"))
			if err != nil {
				t.Fatal(err)
			}
			if got := stack.HasStaffPool(); got != tt.wantPool {
				t.Fatalf("HasStaffPool = %v, want %v", got, tt.wantPool)
			}
			a, err := stack.JWTAuthorizer("HttpApi", "StaffAuthorizer")
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantPool {
				pool := stack.Ref("StaffUserPool")
				tt.wantIssuer = "https://cognito-idp.us-east-1.amazonaws.com/" + pool
				tt.wantAudience = stack.Ref("StaffUserPoolClient")
				if want := *cfg.BaseEndpoint + "/" + pool + "/.well-known/jwks.json"; a.JWKSURL != want {
					t.Errorf("JWKSURL %q, want %q", a.JWKSURL, want)
				}
			} else if a.JWKSURL != "" {
				t.Errorf("JWKSURL %q for another issuer, want discovery", a.JWKSURL)
			}
			if a.Issuer != tt.wantIssuer || !slices.Equal(a.Audience, []string{tt.wantAudience}) {
				t.Errorf("issuer %q audience %v, want %q [%s]", a.Issuer, a.Audience, tt.wantIssuer, tt.wantAudience)
			}
			if a.IdentitySource != "$request.header.Authorization" {
				t.Errorf("identity source %q", a.IdentitySource)
			}
		})
	}
}

// payload decodes a JWT's claims without checking it (the devapi tests check).
func payload(t *testing.T, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", token)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}
