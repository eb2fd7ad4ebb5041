// Package awsenv builds the AWS SDK configuration from environment variables alone.
//
// In Lambda everything the SDK needs is in the environment (region, the execution
// role's credentials), so reading it directly avoids config.LoadDefaultConfig's
// shared-file and IMDS probing, which costs cold-start time. The SDK's standard
// endpoint variables keep working for every client built from the config:
// AWS_ENDPOINT_URL_<SERVICE> (e.g. AWS_ENDPOINT_URL_DYNAMODB), then
// AWS_ENDPOINT_URL.
package awsenv

import (
	"context"
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Config builds an aws.Config from getenv (os.Getenv in a function's main).
// The SDK's standard retryer is kept (nil Retryer), so a passing throttle is
// retried before it becomes a 503.
func Config(getenv func(string) string) (aws.Config, error) {
	region := getenv("AWS_REGION")
	if region == "" {
		region = getenv("AWS_DEFAULT_REGION")
	}
	if region == "" {
		return aws.Config{}, errors.New("awsenv: AWS_REGION is not set")
	}
	key, secret := getenv("AWS_ACCESS_KEY_ID"), getenv("AWS_SECRET_ACCESS_KEY")
	if key == "" || secret == "" {
		return aws.Config{}, errors.New("awsenv: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set")
	}
	var base *string
	if u := getenv("AWS_ENDPOINT_URL"); u != "" {
		base = &u
	}
	return aws.Config{
		Region:        region,
		Credentials:   aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(key, secret, getenv("AWS_SESSION_TOKEN"))),
		BaseEndpoint:  base,
		ConfigSources: []any{endpoints{getenv}},
	}, nil
}

// endpoints gives service clients the per-service endpoint overrides. The SDK's
// clients ask ConfigSources for GetServiceBaseEndpoint with their service id
// ("DynamoDB", "SQS"), as they do of the shared config that LoadDefaultConfig
// builds.
type endpoints struct{ getenv func(string) string }

func (e endpoints) GetServiceBaseEndpoint(_ context.Context, sdkID string) (string, bool, error) {
	u := e.getenv("AWS_ENDPOINT_URL_" + strings.ToUpper(strings.ReplaceAll(sdkID, " ", "_")))
	return u, u != "", nil
}
