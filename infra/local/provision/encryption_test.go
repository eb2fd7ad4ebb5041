package provision_test

import (
	"context"
	"maps"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
)

// KmsKeyArn, off by default, puts the table, every queue (dead-letter queues
// too) and the server secret under a customer managed key, and lets every
// function use that key; set, nothing is left on the AWS managed keys.
func TestCustomerManagedKey(t *testing.T) {
	const key = "arn:aws-cn:kms:cn-north-1:123456789012:key/11111111-2222-3333-4444-555555555555"
	tmpl, err := samtemplate.Load("../../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		key  string
	}{{"off by default", ""}, {"on", key}} {
		t.Run(tt.name, func(t *testing.T) {
			params := maps.Clone(provision.LocalParameters)
			if tt.key != "" {
				params["KmsKeyArn"] = tt.key
			}
			stack, err := provision.DeployWith(ctx, cfg, tmpl, "cmk-"+map[bool]string{true: "on", false: "off"}[tt.key != ""], params)
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range tmpl.ResourcesOfType("AWS::DynamoDB::Table") {
				out, err := dynamodb.NewFromConfig(cfg).DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(stack.Ref(id))})
				if err != nil {
					t.Fatal(err)
				}
				got := ""
				if d := out.Table.SSEDescription; d != nil && d.SSEType == "KMS" {
					got = aws.ToString(d.KMSMasterKeyArn)
				}
				if got != tt.key {
					t.Errorf("table %s is under key %q, want %q", id, got, tt.key)
				}
			}
			queues := tmpl.ResourcesOfType("AWS::SQS::Queue")
			if len(queues) < 2 {
				t.Fatalf("%d queues", len(queues))
			}
			for _, id := range queues {
				out, err := sqs.NewFromConfig(cfg).GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
					QueueUrl: aws.String(stack.Ref(id)), AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll},
				})
				if err != nil {
					t.Fatal(err)
				}
				if got := out.Attributes["KmsMasterKeyId"]; got != tt.key {
					t.Errorf("queue %s is under key %q, want %q", id, got, tt.key)
				}
			}
			secret, err := secretsmanager.NewFromConfig(cfg).DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(stack.Ref("ServerSecret"))})
			if err != nil {
				t.Fatal(err)
			}
			if got := aws.ToString(secret.KmsKeyId); got != tt.key {
				t.Errorf("the server secret is under key %q, want %q", got, tt.key)
			}
		})
	}
	// Every function may use the key when there is one: a function added
	// without it could not read the table or its queue.
	for _, fn := range tmpl.ResourcesOfType("AWS::Serverless::Function") {
		policies, _ := tmpl.Resources[fn].Properties["Policies"].([]any)
		found := false
		for _, p := range policies {
			m, _ := p.(map[string]any)
			args, _ := m["Fn::If"].([]any)
			if len(args) == 3 && args[0] == "UseCmk" {
				found = true
			}
		}
		if !found {
			t.Errorf("%s has no KMS permission under the UseCmk condition", fn)
		}
	}
}
