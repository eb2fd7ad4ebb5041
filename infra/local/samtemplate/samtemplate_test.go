package samtemplate_test

import (
	"reflect"
	"testing"

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
