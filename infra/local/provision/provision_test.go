package provision_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/putuo-compliance/intake/infra/local/moto"
	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
)

var cfg aws.Config

func TestMain(m *testing.M) {
	srv, err := moto.Start(context.Background(), 0)
	if err != nil {
		println("moto:", err.Error())
		os.Exit(1)
	}
	cfg = aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(srv.URL),
	}
	code := m.Run()
	srv.Stop()
	os.Exit(code)
}

func deploy(t *testing.T, name string) (*samtemplate.Template, *provision.Stack) {
	t.Helper()
	tmpl, err := samtemplate.Load("../../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	stack, err := provision.Deploy(context.Background(), cfg, tmpl, name)
	if err != nil {
		t.Fatalf("Deploy: %v", err)
	}
	return tmpl, stack
}

func TestDeployTemplate(t *testing.T) {
	ctx := context.Background()
	tmpl, stack := deploy(t, "prov-test")

	for _, id := range tmpl.ResourcesOfType("AWS::DynamoDB::Table") {
		out, err := dynamodb.NewFromConfig(cfg).DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(stack.Ref(id))})
		if err != nil {
			t.Fatalf("table %s: %v", id, err)
		}
		want := len(tmpl.Resources[id].Properties["GlobalSecondaryIndexes"].([]any))
		if got := len(out.Table.GlobalSecondaryIndexes); got != want {
			t.Errorf("table %s has %d indexes, template %d", id, got, want)
		}
	}
	queues := tmpl.ResourcesOfType("AWS::SQS::Queue")
	if len(queues) == 0 {
		t.Fatal("template has no queues")
	}
	for _, id := range queues {
		out, err := sqs.NewFromConfig(cfg).GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
			QueueUrl: aws.String(stack.Ref(id)), AttributeNames: []sqstypes.QueueAttributeName{"All"},
		})
		if err != nil {
			t.Fatalf("queue %s: %v", id, err)
		}
		if !strings.HasPrefix(out.Attributes["QueueArn"], "arn:aws:sqs:") || !strings.Contains(out.Attributes["QueueArn"], "prov-test-") {
			t.Errorf("queue %s arn %q", id, out.Attributes["QueueArn"])
		}
		_, hasRedrive := tmpl.Resources[id].Properties["RedrivePolicy"]
		if hasRedrive {
			var p struct{ DeadLetterTargetArn string }
			if err := json.Unmarshal([]byte(out.Attributes["RedrivePolicy"]), &p); err != nil || !strings.HasSuffix(p.DeadLetterTargetArn, "-dlq") {
				t.Errorf("queue %s redrive %q (%v)", id, out.Attributes["RedrivePolicy"], err)
			}
		}
	}
}

func TestFunctionEnv(t *testing.T) {
	tmpl, stack := deploy(t, "env-test")
	for _, id := range tmpl.ResourcesOfType("AWS::Serverless::Function") {
		env, err := stack.FunctionEnv(id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		for k, v := range env {
			if v == "" || strings.Contains(v, "map[") {
				t.Errorf("%s %s = %q: unresolved", id, k, v)
			}
		}
		if env["TABLE_NAME"] == "" {
			t.Errorf("%s has no TABLE_NAME", id)
		}
	}
}

// A second Deploy against the same endpoint reuses what exists, as make run needs
// after a restart with moto kept running.
func TestDeployTwice(t *testing.T) {
	_, a := deploy(t, "twice")
	_, b := deploy(t, "twice")
	if a.Ref("SubmissionsTable") != b.Ref("SubmissionsTable") || a.Ref("ProcuratorateQueue") != b.Ref("ProcuratorateQueue") {
		t.Fatal("second Deploy gave other resources")
	}
}
