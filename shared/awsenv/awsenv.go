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
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/putuo-compliance/intake/shared/envconfig"
)

// Config builds an aws.Config from getenv alone, for tools and tests; a
// function reads it with the rest of its configuration, through Read.
func Config(getenv func(string) string) (aws.Config, error) {
	v := envconfig.New(getenv)
	cfg := Read(v)
	return cfg, v.Err()
}

// Read builds an aws.Config from v's variables, recording in v each one that is
// missing. The SDK's standard retryer is kept (nil Retryer), so a passing
// throttle is retried before it becomes a 503.
func Read(v *envconfig.Vars) aws.Config {
	region := v.Optional("AWS_REGION")
	if region == "" {
		region = v.Optional("AWS_DEFAULT_REGION")
	}
	if region == "" {
		v.Fail("AWS_REGION", "not set (nor AWS_DEFAULT_REGION)")
	}
	key, secret := v.Required("AWS_ACCESS_KEY_ID"), v.Required("AWS_SECRET_ACCESS_KEY")
	var base *string
	if u := v.Optional("AWS_ENDPOINT_URL"); u != "" {
		base = &u
	}
	return aws.Config{
		Region:        region,
		Credentials:   aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(key, secret, v.Optional("AWS_SESSION_TOKEN"))),
		BaseEndpoint:  base,
		ConfigSources: []any{endpoints{v.Optional}},
	}
}

// endpoints gives service clients the per-service endpoint overrides. The SDK's
// clients ask ConfigSources for GetServiceBaseEndpoint with their service id
// ("DynamoDB", "SQS"), as they do of the shared config that LoadDefaultConfig
// builds. They are read as each client is built, which a function does once, at
// init, from the config it was given.
type endpoints struct{ getenv func(string) string }

func (e endpoints) GetServiceBaseEndpoint(_ context.Context, sdkID string) (string, bool, error) {
	u := e.getenv("AWS_ENDPOINT_URL_" + strings.ToUpper(strings.ReplaceAll(sdkID, " ", "_")))
	return u, u != "", nil
}
