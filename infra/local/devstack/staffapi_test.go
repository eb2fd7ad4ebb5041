package devstack_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	ciptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/putuo-compliance/intake/infra/local/demostaff"
	"github.com/putuo-compliance/intake/infra/local/devstack"
	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
	"github.com/putuo-compliance/intake/infra/local/tokentest"
)

// testStaffThroughStack signs the demo users in against the stack's pool, as
// make token does, and works the staff API over HTTP as the README shows:
// every bad token is refused on every staff route before any handler runs,
// and a good one claims, answers and transfers.
func testStaffThroughStack(t *testing.T, info devstack.Info, later *atomic.Int64) {
	ctx := context.Background()
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""), BaseEndpoint: aws.String(info.MotoURL)}
	tmpl, err := samtemplate.Load(templatePath)
	if err != nil {
		t.Fatal(err)
	}
	poolID, clientID, err := provision.StaffPool(ctx, cfg, tmpl, "devstack-test")
	if err != nil {
		t.Fatal(err)
	}
	c := cip.NewFromConfig(cfg)
	signIn := func(client, user string) string {
		t.Helper()
		res, err := demostaff.SignIn(ctx, c, client, user, demostaff.Password)
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(res.IdToken)
	}
	ps := signIn(clientID, "staff-public-security")
	cy := signIn(clientID, "staff-cyberspace")

	other, err := c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: &poolID, ClientName: aws.String("another-app"),
		ExplicitAuthFlows: []ciptypes.ExplicitAuthFlowsType{ciptypes.ExplicitAuthFlowsTypeAllowUserPasswordAuth}})
	if err != nil {
		t.Fatal(err)
	}
	otherStack, err := provision.Deploy(ctx, cfg, tmpl, "devstack-other")
	if err != nil {
		t.Fatal(err)
	}
	bad := tokentest.Forgeries(t, ps, "cyberspace")
	bad["wrong audience"] = signIn(aws.ToString(other.UserPoolClient.ClientId), "staff-public-security")
	bad["wrong issuer"] = signIn(otherStack.Ref("StaffUserPoolClient"), "staff-public-security")
	bad["not a JWT"] = "abc.def"
	bad["missing"] = ""

	routes := [][2]string{{"GET", "/v1/staff/submissions"}, {"POST", "/v1/staff/claims"}, {"GET", "/v1/staff/submissions/C-2345-6789"},
		{"POST", "/v1/staff/submissions/C-2345-6789/actions"}, {"GET", "/v1/staff/metrics"}, {"GET", "/v1/staff/submissions/C-2345-6789/audit"},
		{"GET", "/v1/staff/export.csv?from=2026-01-01&to=2026-12-31"}}
	staff := func(token, method, path string, body string, headers ...string) (int, string) {
		t.Helper()
		h := map[string]string{"Content-Type": "application/json"}
		if token != "" {
			h["Authorization"] = "Bearer " + token
		}
		for i := 0; i+1 < len(headers); i += 2 {
			h[headers[i]] = headers[i+1]
		}
		return call(t, method, info.APIURL+path, h, strings.NewReader(body))
	}
	t.Run("bad tokens", func(t *testing.T) {
		for name, token := range bad {
			for _, r := range routes {
				if status, body := staff(token, r[0], r[1], ""); status != 401 || body != `{"message":"Unauthorized"}` {
					t.Errorf("%s, %s %s: %d %s", name, r[0], r[1], status, body)
				}
			}
		}
		later.Store(int64(61 * time.Minute)) // the ID token lives an hour
		defer later.Store(0)
		for _, r := range routes {
			if status, _ := staff(ps, r[0], r[1], ""); status != 401 {
				t.Errorf("expired, %s %s: %d", r[0], r[1], status)
			}
		}
	})

	// The claim, the answer and the transfer of the README's staff section.
	ref := submit(t, info.APIURL)
	var claimed struct{ Reference string }
	deadline := time.Now().Add(20 * time.Second)
	for claimed.Reference != ref && time.Now().Before(deadline) {
		status, body := staff(ps, "POST", "/v1/staff/claims", "")
		switch status {
		case 200:
			json.Unmarshal([]byte(body), &claimed)
			if claimed.Reference != ref { // an earlier test's submission, older: out of the way
				staff(ps, "POST", "/v1/staff/submissions/"+claimed.Reference+"/actions", `{"action":"reject","note":"a test's"}`, "If-Match", etagOf(t, staff, ps, claimed.Reference))
			}
		case 204:
			time.Sleep(300 * time.Millisecond) // the emulated event source lists it soon
		default:
			t.Fatalf("claim: %d %s", status, body)
		}
	}
	if claimed.Reference != ref {
		t.Fatalf("never claimed %s", ref)
	}
	status, body := staff(ps, "POST", "/v1/staff/submissions/"+ref+"/actions",
		`{"action":"transfer","agency":"cyberspace","note":"a data leak"}`, "If-Match", etagOf(t, staff, ps, ref))
	if status != 200 || !strings.Contains(body, `"code":"cyberspace"`) {
		t.Fatalf("transfer: %d %s", status, body)
	}
	if status, _ := staff(ps, "GET", "/v1/staff/submissions/"+ref, ""); status != 404 {
		t.Errorf("public-security reads it after the transfer: %d", status)
	}
	deadline = time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		status, body = staff(cy, "POST", "/v1/staff/claims", "")
		if status == 200 && strings.Contains(body, ref) {
			break
		}
		time.Sleep(300 * time.Millisecond)
	}
	if status != 200 || !strings.Contains(body, ref) {
		t.Fatalf("cyberspace never claimed it: %d %s", status, body)
	}
	status, body = staff(cy, "POST", "/v1/staff/submissions/"+ref+"/actions",
		`{"action":"answer","answer":{"public":"请保全日志并报警。"}}`, "If-Match", etagOf(t, staff, cy, ref))
	if status != 200 || !strings.Contains(body, `"status":"answered"`) {
		t.Fatalf("answer: %d %s", status, body)
	}
}

// etagOf reads a submission and returns its ETag, as a client would before acting.
func etagOf(t *testing.T, staff func(token, method, path, body string, headers ...string) (int, string), token, ref string) string {
	t.Helper()
	status, body := staff(token, "GET", "/v1/staff/submissions/"+ref, "")
	var v struct{ Version int64 }
	if err := json.Unmarshal([]byte(body), &v); status != 200 || err != nil {
		t.Fatalf("read %s: %d %s", ref, status, body)
	}
	return fmt.Sprintf(`"%d"`, v.Version)
}
