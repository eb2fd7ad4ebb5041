package awsenv_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/putuo-compliance/intake/shared/awsenv"
	"github.com/putuo-compliance/intake/shared/envconfig"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

var creds = map[string]string{"AWS_REGION": "cn-north-1", "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"}

func with(extra map[string]string) map[string]string {
	m := map[string]string{}
	for k, v := range creds {
		m[k] = v
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		give map[string]string
		want []string
	}{
		{"no region", map[string]string{"AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"}, []string{"AWS_REGION"}},
		{"no secret", map[string]string{"AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "k"}, []string{"AWS_SECRET_ACCESS_KEY"}},
		{"nothing", nil, []string{"AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := awsenv.Config(env(tt.give))
			var cerr *envconfig.Error
			if !errors.As(err, &cerr) {
				t.Fatalf("err = %v, want an *envconfig.Error", err)
			}
			if got := cerr.Names(); !slices.Equal(got, tt.want) {
				t.Errorf("names %v, want %v", got, tt.want)
			}
		})
	}
}

func TestConfigDefaultRegion(t *testing.T) {
	cfg, err := awsenv.Config(env(map[string]string{"AWS_DEFAULT_REGION": "cn-northwest-1", "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"}))
	if err != nil || cfg.Region != "cn-northwest-1" {
		t.Fatalf("region %q, err %v", cfg.Region, err)
	}
}

func TestConfigCredentials(t *testing.T) {
	cfg, err := awsenv.Config(env(with(map[string]string{"AWS_SESSION_TOKEN": "tok"})))
	if err != nil {
		t.Fatal(err)
	}
	c, err := cfg.Credentials.Retrieve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Region != "cn-north-1" || c.AccessKeyID != "k" || c.SecretAccessKey != "s" || c.SessionToken != "tok" {
		t.Fatalf("got region %q creds %+v", cfg.Region, c)
	}
}

// The endpoint variables must reach clients built with plain NewFromConfig, with the
// service-specific one winning over the general one, as in the SDK.
func TestEndpoints(t *testing.T) {
	tests := []struct {
		name             string
		give             map[string]string
		wantDDB, wantSQS *string
	}{
		{"none", nil, nil, nil},
		{"general", map[string]string{"AWS_ENDPOINT_URL": "http://a"}, aws.String("http://a"), aws.String("http://a")},
		{"specific", map[string]string{"AWS_ENDPOINT_URL_DYNAMODB": "http://d"}, aws.String("http://d"), nil},
		{"both", map[string]string{"AWS_ENDPOINT_URL": "http://a", "AWS_ENDPOINT_URL_SQS": "http://q"}, aws.String("http://a"), aws.String("http://q")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The SDK also looks at the process environment to rank the two kinds.
			for _, k := range []string{"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SQS"} {
				t.Setenv(k, tt.give[k])
			}
			cfg, err := awsenv.Config(env(with(tt.give)))
			if err != nil {
				t.Fatal(err)
			}
			ddb := dynamodb.NewFromConfig(cfg).Options().BaseEndpoint
			q := sqs.NewFromConfig(cfg).Options().BaseEndpoint
			if !eq(ddb, tt.wantDDB) || !eq(q, tt.wantSQS) {
				t.Fatalf("dynamodb %v sqs %v, want %v %v", str(ddb), str(q), str(tt.wantDDB), str(tt.wantSQS))
			}
		})
	}
}

func eq(a, b *string) bool { return str(a) == str(b) }

func str(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}
