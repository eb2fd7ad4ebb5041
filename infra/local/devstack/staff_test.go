package devstack

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/putuo-compliance/intake/infra/local/demostaff"
	"github.com/putuo-compliance/intake/infra/local/devapi"
	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
)

// make run guards a route that names the template's StaffAuthorizer, and leaves
// the others open. No staff route exists yet, so the route table is the test's.
func TestGuardRoutes(t *testing.T) {
	ctx := context.Background()
	env, err := localtest.Start(ctx, "../../../template.yaml", "guard")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(env.Stop)

	tr := []samtemplate.Route{
		{Method: "GET", Path: "/v1/staff/whoami", Function: "StaffFunction", Authorizer: "StaffAuthorizer"},
		{Method: "GET", Path: "/v1/open", Function: "OpenFunction"},
	}
	agencyOf := func(_ context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		a := "-"
		if ev.RequestContext.Authorizer != nil {
			a = ev.RequestContext.Authorizer.JWT.Claims["custom:agency"]
		}
		return events.APIGatewayV2HTTPResponse{StatusCode: 200, Body: a}, nil
	}
	routes := make([]devapi.Route, len(tr))
	for i, r := range tr {
		routes[i] = devapi.Route{Method: r.Method, Path: r.Path, Function: r.Function, Handler: agencyOf}
	}
	if err := guardRoutes(routes, tr, env.Stack, nil); err != nil {
		t.Fatal(err)
	}
	api := devapi.New(devapi.Config{})
	if err := api.Serve(routes); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)

	res, err := demostaff.SignIn(ctx, cip.NewFromConfig(env.Config), env.Stack.Ref("StaffUserPoolClient"), "staff-public-security", demostaff.Password)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path       string
		token      string
		wantStatus int
		wantBody   string
	}{
		{"/v1/staff/whoami", aws.ToString(res.IdToken), 200, "public-security"},
		{"/v1/staff/whoami", "", 401, `{"message":"Unauthorized"}`},
		{"/v1/open", "", 200, "-"},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest("GET", srv.URL+tt.path, nil)
		if tt.token != "" {
			req.Header.Set("Authorization", "Bearer "+tt.token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body strings.Builder
		_, _ = io.Copy(&body, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.wantStatus || body.String() != tt.wantBody {
			t.Errorf("GET %s (token %v) = %d %s, want %d %s", tt.path, tt.token != "", resp.StatusCode, body.String(), tt.wantStatus, tt.wantBody)
		}
	}

	if err := guardRoutes(routes[:1], []samtemplate.Route{{Method: "GET", Path: "/x", Authorizer: "NoSuch"}}, env.Stack, nil); err == nil {
		t.Error("guardRoutes with an unknown authorizer: want an error")
	}
}

func TestBannerListsDemoStaff(t *testing.T) {
	tests := []struct {
		staff bool
		want  bool
	}{{true, true}, {false, false}}
	for _, tt := range tests {
		var b strings.Builder
		printBanner(&b, Info{APIURL: "http://127.0.0.1:3000", Staff: tt.staff})
		for _, want := range append([]string{demostaff.Password, "make token AGENCY=", "http://127.0.0.1:3000/v1/staff/claims"}, names()...) {
			if strings.Contains(b.String(), want) != tt.want {
				t.Errorf("staff %v: banner has %q: %v, want %v", tt.staff, want, !tt.want, tt.want)
			}
		}
	}
}

func names() []string {
	var out []string
	for _, u := range demostaff.Users() {
		out = append(out, u.Name)
	}
	return out
}
