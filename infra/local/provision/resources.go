package provision

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// createTable creates an AWS::DynamoDB::Table with its keys, indexes and TTL.
func (s *Stack) createTable(ctx context.Context, id string, p map[string]any) error {
	var spec struct {
		TableName               string
		BillingMode             string
		AttributeDefinitions    []ddbtypes.AttributeDefinition
		KeySchema               []ddbtypes.KeySchemaElement
		GlobalSecondaryIndexes  []ddbtypes.GlobalSecondaryIndex
		TimeToLiveSpecification *struct {
			AttributeName string
			Enabled       bool
		}
		SSESpecification *struct {
			SSEEnabled     bool
			SSEType        string
			KMSMasterKeyId string
		}
	}
	if err := remarshal(p, &spec); err != nil {
		return err
	}
	name := spec.TableName
	if name == "" {
		name = s.Name + "-" + id // CloudFormation's generated names look alike
	}
	in := &dynamodb.CreateTableInput{
		TableName:              &name,
		BillingMode:            ddbtypes.BillingMode(spec.BillingMode),
		AttributeDefinitions:   spec.AttributeDefinitions,
		KeySchema:              spec.KeySchema,
		GlobalSecondaryIndexes: spec.GlobalSecondaryIndexes,
	}
	if sse := spec.SSESpecification; sse != nil && sse.SSEType != "" {
		in.SSESpecification = &ddbtypes.SSESpecification{
			Enabled: aws.Bool(sse.SSEEnabled), SSEType: ddbtypes.SSEType(sse.SSEType), KMSMasterKeyId: aws.String(sse.KMSMasterKeyId),
		}
	}
	_, err := s.ddb.CreateTable(ctx, in)
	var inUse *ddbtypes.ResourceInUseException
	if err != nil && !errors.As(err, &inUse) {
		return err
	}
	if ttl := spec.TimeToLiveSpecification; ttl != nil && ttl.Enabled && err == nil {
		if _, err := s.ddb.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
			TableName: &name,
			TimeToLiveSpecification: &ddbtypes.TimeToLiveSpecification{
				AttributeName: &ttl.AttributeName, Enabled: aws.Bool(true),
			},
		}); err != nil {
			return fmt.Errorf("time to live: %w", err)
		}
	}
	s.refs[id] = name
	s.attrs[id] = map[string]string{
		"Arn": fmt.Sprintf("arn:%s:dynamodb:%s:%s:table/%s", s.partition(), s.region, accountID, name),
	}
	return nil
}

// queueAttributes are the AWS::SQS::Queue properties that are queue attributes.
var queueAttributes = []string{
	"DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod",
	"ReceiveMessageWaitTimeSeconds", "VisibilityTimeout", "SqsManagedSseEnabled", "KmsMasterKeyId",
	"RedrivePolicy", "RedriveAllowPolicy", "FifoQueue", "ContentBasedDeduplication",
}

// createQueue creates an AWS::SQS::Queue (CreateQueue is idempotent for equal
// attributes, so a second Deploy reuses it).
func (s *Stack) createQueue(ctx context.Context, id string, p map[string]any) error {
	name, _ := p["QueueName"].(string)
	if name == "" {
		name = s.Name + "-" + id
	}
	attrs := map[string]string{}
	for _, k := range queueAttributes {
		v, ok := p[k]
		if !ok {
			continue
		}
		switch v := v.(type) {
		case map[string]any: // RedrivePolicy and friends are JSON documents
			b, err := json.Marshal(v)
			if err != nil {
				return err
			}
			attrs[k] = string(b)
		default:
			attrs[k] = fmt.Sprint(v)
		}
	}
	out, err := s.sqs.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: &name, Attributes: attrs})
	if err != nil {
		return err
	}
	s.refs[id] = *out.QueueUrl
	s.attrs[id] = map[string]string{
		"Arn":       fmt.Sprintf("arn:%s:sqs:%s:%s:%s", s.partition(), s.region, accountID, name),
		"QueueName": name,
		"QueueUrl":  *out.QueueUrl,
	}
	return nil
}

// remarshal converts the template's generic values into an SDK-shaped struct; the
// template's property names match the API's field names for these types.
func remarshal(from, to any) error {
	b, err := json.Marshal(from)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, to)
}
