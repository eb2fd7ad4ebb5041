package devapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	ciptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/putuo-compliance/intake/infra/local/demostaff"
	"github.com/putuo-compliance/intake/infra/local/devapi"
	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/infra/local/tokentest"
	"github.com/putuo-compliance/intake/shared/jwtauth"
)

// env is moto with template.yaml deployed: the staff pool, its client, groups
// and demo users, as make run has them.
var env *localtest.Env

func TestMain(m *testing.M) {
	var err error
	env, err = localtest.Start(context.Background(), "../../../template.yaml", "devapi")
	if err != nil {
		println("moto:", err.Error())
		os.Exit(1)
	}
	code := m.Run()
	env.Stop()
	os.Exit(code)
}

// staffAuthorizer is the template's StaffAuthorizer as make run resolves it, with
// the keys fetched through keysURL when given (to count the fetches) and the
// clock now.
func staffAuthorizer(t *testing.T, keysURL string, now func() time.Time) (*devapi.JWTAuthorizer, provision.JWTAuthorizer) {
	t.Helper()
	a, err := env.Stack.JWTAuthorizer("HttpApi", "StaffAuthorizer")
	if err != nil {
		t.Fatal(err)
	}
	if keysURL == "" {
		keysURL = a.JWKSURL
	}
	authz, err := devapi.NewJWTAuthorizer(devapi.JWTConfig{
		Config:         jwtauth.Config{Issuer: a.Issuer, Audience: a.Audience, KeysURL: keysURL, Now: now},
		IdentitySource: a.IdentitySource,
	})
	if err != nil {
		t.Fatal(err)
	}
	return authz, a
}

// guarded serves one staff route behind authz and one open route; the handler
// answers with the event it got and counts its calls.
func guarded(t *testing.T, authz *devapi.JWTAuthorizer, scopes ...string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	h := func(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		calls.Add(1)
		return echo(ctx, ev)
	}
	return newServer(t, devapi.Config{},
		devapi.Route{Method: "GET", Path: "/v1/staff/whoami", Function: "StaffFunction", Handler: h, Authorizer: authz, Scopes: scopes},
		devapi.Route{Method: "GET", Path: "/v1/submissions/{reference}", Function: "StatusFunction", Handler: h},
	), &calls
}

func signIn(t *testing.T, clientID, user string) *ciptypes.AuthenticationResultType {
	t.Helper()
	res, err := demostaff.SignIn(context.Background(), cip.NewFromConfig(env.Config), clientID, user, demostaff.Password)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func get(t *testing.T, srv *httptest.Server, path, authorization string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+path, nil)
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	return do(t, req)
}

func TestAuthorizerPassesValidTokens(t *testing.T) {
	authz, cfg := staffAuthorizer(t, "", nil)
	srv, calls := guarded(t, authz)
	tokens := signIn(t, cfg.Audience[0], "supervisor-procuratorate")

	tests := []struct {
		name          string
		authorization string
		wantClaims    map[string]string
		wantScopes    []string
	}{
		{"id token", "Bearer " + aws.ToString(tokens.IdToken),
			map[string]string{"custom:agency": "procuratorate", "aud": cfg.Audience[0], "token_use": "id",
				"cognito:username": "supervisor-procuratorate", "iss": cfg.Issuer}, nil},
		{"id token without Bearer", aws.ToString(tokens.IdToken),
			map[string]string{"custom:agency": "procuratorate"}, nil},
		{"access token", "Bearer " + aws.ToString(tokens.AccessToken),
			map[string]string{"client_id": cfg.Audience[0], "token_use": "access"}, []string{"aws.cognito.signin.user.admin"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(t, srv, "/v1/staff/whoami", tt.authorization)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			var ev events.APIGatewayV2HTTPRequest
			if err := json.Unmarshal(body, &ev); err != nil {
				t.Fatal(err)
			}
			jwt := ev.RequestContext.Authorizer.JWT
			for k, want := range tt.wantClaims {
				if got := jwt.Claims[k]; got != want {
					t.Errorf("claim %s = %q, want %q", k, got, want)
				}
			}
			// Arrays as API Gateway renders them; moto keeps groups in a set, so
			// either order.
			if g := jwt.Claims["cognito:groups"]; g != "[staff supervisor]" && g != "[supervisor staff]" {
				t.Errorf("cognito:groups = %q", g)
			}
			if exp := jwt.Claims["exp"]; len(exp) != 10 || strings.ContainsAny(exp, ".e") {
				t.Errorf("exp = %q, want whole seconds as written", exp)
			}
			if strings.Join(jwt.Scopes, " ") != strings.Join(tt.wantScopes, " ") {
				t.Errorf("scopes %v, want %v", jwt.Scopes, tt.wantScopes)
			}
		})
	}
	if got := calls.Load(); got != int32(len(tests)) {
		t.Errorf("handler ran %d times, want %d", got, len(tests))
	}

	// Routes without the authorizer stay open.
	if resp, body := get(t, srv, "/v1/submissions/C-7K3Q-9MX2", ""); resp.StatusCode != 200 {
		t.Errorf("open route: %d %s", resp.StatusCode, body)
	}
}

func TestAuthorizerRefusesBadTokens(t *testing.T) {
	ctx := context.Background()
	_, cfg := staffAuthorizer(t, "", nil)
	c := cip.NewFromConfig(env.Config)
	genuine := aws.ToString(signIn(t, cfg.Audience[0], "staff-procuratorate").IdToken)

	// The same pool with another app client: right issuer, wrong audience.
	other, err := c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
		UserPoolId:        aws.String(env.Stack.Ref("StaffUserPool")),
		ClientName:        aws.String("another-app"),
		ExplicitAuthFlows: []ciptypes.ExplicitAuthFlowsType{ciptypes.ExplicitAuthFlowsTypeAllowUserPasswordAuth},
	})
	if err != nil {
		t.Fatal(err)
	}
	otherAudience := aws.ToString(signIn(t, aws.ToString(other.UserPoolClient.ClientId), "staff-procuratorate").IdToken)

	// Another stack's pool: moto signs every pool's tokens with one key, so only
	// the issuer tells them apart.
	stack2, err := env.Deploy(ctx, "other-pool")
	if err != nil {
		t.Fatal(err)
	}
	otherIssuer := aws.ToString(signIn(t, stack2.Ref("StaffUserPoolClient"), "staff-procuratorate").IdToken)

	forged := tokentest.Forgeries(t, genuine, "public-security")
	tests := []struct {
		name            string
		authorization   string
		later           time.Duration // the authorizer's clock runs this much ahead
		wantDescription string        // in www-authenticate; empty: no token at all
	}{
		{name: "missing"},
		{name: "empty bearer", authorization: "Bearer "},
		{name: "not a JWT", authorization: "Bearer abc.def", wantDescription: "signature"},
		{name: "expired", authorization: "Bearer " + genuine, later: 61 * time.Minute, wantDescription: "expired"},
		{name: "wrong issuer", authorization: "Bearer " + otherIssuer, wantDescription: "issuer"},
		{name: "wrong audience", authorization: "Bearer " + otherAudience, wantDescription: "audience"},
		{name: "alg none", authorization: "Bearer " + forged["alg none"], wantDescription: "signature"},
		{name: "forged", authorization: "Bearer " + forged["forged"], wantDescription: "signature"},
		{name: "HMAC with a guessable secret", authorization: "Bearer " + forged["HMAC with a guessable secret"], wantDescription: "signature"},
		{name: "re-signed", authorization: "Bearer " + forged["re-signed"], wantDescription: "signature"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := func() time.Time { return time.Now().Add(tt.later) }
			authz, _ := staffAuthorizer(t, "", now)
			srv, calls := guarded(t, authz)
			resp, body := get(t, srv, "/v1/staff/whoami", tt.authorization)
			if resp.StatusCode != 401 || string(body) != `{"message":"Unauthorized"}` {
				t.Fatalf("got %d %s, want 401 with API Gateway's body", resp.StatusCode, body)
			}
			challenge := resp.Header.Get("Www-Authenticate")
			if !strings.HasPrefix(challenge, "Bearer") || !strings.Contains(challenge, tt.wantDescription) {
				t.Errorf("www-authenticate %q, want it to name %q", challenge, tt.wantDescription)
			}
			if tt.wantDescription != "" && !strings.Contains(challenge, `error="invalid_token"`) {
				t.Errorf("www-authenticate %q has no invalid_token", challenge)
			}
			if calls.Load() != 0 {
				t.Error("handler ran for a refused token")
			}
		})
	}
}

func TestAuthorizerScopes(t *testing.T) {
	authz, cfg := staffAuthorizer(t, "", nil)
	srv, _ := guarded(t, authz, "aws.cognito.signin.user.admin")
	tokens := signIn(t, cfg.Audience[0], "staff-cyberspace")
	tests := []struct {
		name       string
		token      string
		wantStatus int
	}{
		{"access token with the scope", aws.ToString(tokens.AccessToken), 200},
		{"id token has no scopes", aws.ToString(tokens.IdToken), 403},
	}
	for _, tt := range tests {
		resp, body := get(t, srv, "/v1/staff/whoami", "Bearer "+tt.token)
		if resp.StatusCode != tt.wantStatus {
			t.Errorf("%s: %d %s, want %d", tt.name, resp.StatusCode, body, tt.wantStatus)
		}
		if tt.wantStatus == 403 && (string(body) != `{"message":"Forbidden"}` ||
			!strings.Contains(resp.Header.Get("Www-Authenticate"), `error="insufficient_scope"`)) {
			t.Errorf("%s: body %s, www-authenticate %q", tt.name, body, resp.Header.Get("Www-Authenticate"))
		}
	}
}

// The keys are fetched once and kept, not once a request.
func TestAuthorizerCachesKeys(t *testing.T) {
	_, cfg := staffAuthorizer(t, "", nil)
	target, _ := url.Parse(cfg.JWKSURL)
	var fetches atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetches.Add(1)
		r.Host = target.Host
		httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host}).ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	authz, _ := staffAuthorizer(t, proxy.URL+target.Path, nil)
	srv, _ := guarded(t, authz)
	token := aws.ToString(signIn(t, cfg.Audience[0], "staff-science-tech").IdToken)
	for range 5 {
		if resp, body := get(t, srv, "/v1/staff/whoami", "Bearer "+token); resp.StatusCode != 200 {
			t.Fatalf("%d %s", resp.StatusCode, body)
		}
	}
	if got := fetches.Load(); got != 1 {
		t.Errorf("keys fetched %d times for 5 requests, want 1", got)
	}
}

func TestNewJWTAuthorizerRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		give devapi.JWTConfig
	}{
		{"no issuer", devapi.JWTConfig{Config: jwtauth.Config{Audience: []string{"a"}}}},
		{"no audience", devapi.JWTConfig{Config: jwtauth.Config{Issuer: "https://idp.example.com"}}},
		{"query source", devapi.JWTConfig{Config: jwtauth.Config{Issuer: "https://idp.example.com", Audience: []string{"a"}}, IdentitySource: "$request.querystring.token"}},
	}
	for _, tt := range tests {
		if _, err := devapi.NewJWTAuthorizer(tt.give); err == nil {
			t.Errorf("%s: want an error", tt.name)
		}
	}
}
