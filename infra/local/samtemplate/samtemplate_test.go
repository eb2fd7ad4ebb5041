package samtemplate_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/infra/local/samtemplate"
)

const sample = `
Globals:
  Function:
    Environment:
      Variables:
        STAGE: !Ref Stage
        LOG_LEVEL: info
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          LOG_LEVEL: debug
          QUEUE: !GetAtt Q.QueueName
          NAME: !Sub "${AWS::StackName}-x"
      Events:
        A:
          Type: HttpApi
          Properties:
            Path: /v1/a/{id}
            Method: get
        B: {Type: HttpApi, Properties: {Path: /v1/a, Method: POST}}
        S: {Type: Schedule, Properties: {Schedule: rate(1 minute)}}
        H: {Type: Schedule, Properties: {Schedule: rate(2 hours)}}
        C: {Type: Schedule, Properties: {Schedule: "cron(0 12 * * ? *)"}}
  Q:
    Type: AWS::SQS::Queue
`

func TestRoutes(t *testing.T) {
	tmpl, err := samtemplate.Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	want := []samtemplate.Route{
		{Method: "POST", Path: "/v1/a", Function: "Fn"},
		{Method: "GET", Path: "/v1/a/{id}", Function: "Fn"},
	}
	if got := tmpl.Routes(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Routes() = %v, want %v", got, want)
	}
}

func TestFunctionEnvironment(t *testing.T) {
	tmpl, err := samtemplate.Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	got, err := tmpl.FunctionEnvironment("Fn")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"STAGE":     map[string]any{"Ref": "Stage"},
		"LOG_LEVEL": "debug",
		"QUEUE":     map[string]any{"Fn::GetAtt": []any{"Q", "QueueName"}},
		"NAME":      map[string]any{"Fn::Sub": "${AWS::StackName}-x"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("FunctionEnvironment = %#v, want %#v", got, want)
	}
	if _, err := tmpl.FunctionEnvironment("Q"); err == nil {
		t.Fatal("FunctionEnvironment of a queue: want error")
	}
}

func TestLoadProjectTemplate(t *testing.T) {
	tmpl, err := samtemplate.Load("../../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(tmpl.Routes()) == 0 {
		t.Fatal("template.yaml declares no HTTP API routes")
	}
}

func TestSchedules(t *testing.T) {
	tmpl, err := samtemplate.Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	got := map[time.Duration]bool{}
	for _, s := range tmpl.Schedules() {
		if s.Function != "Fn" {
			t.Errorf("schedule of %q", s.Function)
		}
		got[s.Every] = true
	}
	if len(got) != 2 || !got[time.Minute] || !got[2*time.Hour] {
		t.Fatalf("Schedules() = %v, want rate(1 minute) and rate(2 hours), no cron", tmpl.Schedules())
	}
}

const authSample = `
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: Staff
        Authorizers:
          Staff:
            AuthorizationScopes: [read]
            IdentitySource: $request.header.Authorization
            JwtConfiguration: {issuer: https://idp.example.com, audience: [app]}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Default: {Type: HttpApi, Properties: {ApiId: !Ref Api, Path: /default, Method: GET}}
        Open: {Type: HttpApi, Properties: {ApiId: !Ref Api, Path: /open, Method: GET, Auth: {Authorizer: NONE}}}
        Scoped:
          Type: HttpApi
          Properties:
            ApiId: !Ref Api
            Path: /scoped
            Method: GET
            Auth: {Authorizer: Staff, AuthorizationScopes: [write]}
`

func TestRouteAuthorizers(t *testing.T) {
	tmpl, err := samtemplate.Parse([]byte(authSample))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path           string
		wantAuthorizer string
		wantScopes     []string
	}{
		{"/default", "Staff", []string{"read"}},
		{"/open", "", nil},
		{"/scoped", "Staff", []string{"write"}},
	}
	routes := map[string]samtemplate.Route{}
	for _, r := range tmpl.Routes() {
		routes[r.Path] = r
	}
	for _, tt := range tests {
		got := routes[tt.path]
		if got.Authorizer != tt.wantAuthorizer || !reflect.DeepEqual(got.Scopes, tt.wantScopes) {
			t.Errorf("%s: authorizer %q scopes %v, want %q %v", tt.path, got.Authorizer, got.Scopes, tt.wantAuthorizer, tt.wantScopes)
		}
	}
	def, ok := tmpl.Authorizer("", "Staff")
	if !ok || def["IdentitySource"] != "$request.header.Authorization" {
		t.Fatalf("Authorizer(Staff) = %v, %v", def, ok)
	}
	if _, ok := tmpl.Authorizer("Api", "Other"); ok {
		t.Fatal("Authorizer(Other): want none")
	}
}

// The project's staff authorizer is declared but guards no firm-facing route.
func TestProjectStaffAuthorizer(t *testing.T) {
	tmpl, err := samtemplate.Load("../../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := tmpl.Authorizer("HttpApi", "StaffAuthorizer"); !ok {
		t.Fatal("template.yaml has no StaffAuthorizer on HttpApi")
	}
	for _, r := range tmpl.Routes() {
		staff := strings.HasPrefix(r.Path, "/v1/staff/")
		if staff != (r.Authorizer == "StaffAuthorizer") {
			t.Errorf("%s: authorizer %q", r.Key(), r.Authorizer)
		}
	}
}
