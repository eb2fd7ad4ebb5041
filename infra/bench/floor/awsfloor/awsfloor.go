// Package awsfloor is what every cold-start floor of make bench shares: an
// aws.Config built by hand from the environment, as shared/awsenv builds the
// functions' (no shared files, no IMDS), a logrus JSON logger as
// shared/logging builds it, and a handler that does nothing.
//
// A floor is the least a function could cost at init with the libraries it is
// required to use: the same SDK clients, logrus, and validator/v10 where it
// validates, from the same go.mod. What a function spends above its floor is
// our code's.
//
// "The same libraries" includes the SDK operations the function calls (Start's
// calls): Go's linker leaves out the code of an operation no one calls, and
// with the first one it links about 1 MB that every request needs (the HTTP
// client, signing, retries). A floor that called none would charge that to our
// code. A floor holds its clients as the functions' adapters do, in a closure
// and never in an interface value: where reflect looks methods up by name
// (validator/v10, html/template) the linker keeps every exported method of
// every type an interface value can lead to, and a client there would link
// every operation of its service (see shared/dynamostore's operations).
package awsfloor

import (
	"context"
	"encoding/json"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/sirupsen/logrus"
)

// Config is the AWS configuration from the variables Lambda sets (and
// AWS_ENDPOINT_URL, which the bench sets to its moto).
func Config() aws.Config {
	cfg := aws.Config{
		Region: os.Getenv("AWS_REGION"),
		Credentials: aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(
			os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY"), os.Getenv("AWS_SESSION_TOKEN"))),
	}
	if u := os.Getenv("AWS_ENDPOINT_URL"); u != "" {
		cfg.BaseEndpoint = &u
	}
	return cfg
}

// Logger is a JSON logger to stdout, as the functions build theirs.
func Logger() *logrus.Logger {
	log := logrus.New()
	log.SetOutput(os.Stdout)
	log.SetFormatter(&logrus.JSONFormatter{})
	return log
}

// Start serves any event with an empty answer. calls makes the SDK operations
// that the floor's function calls, on the clients main built; it runs only
// when FLOOR_CALL_OPERATIONS is "yes", which nothing sets, so the binary links
// the operations without making them. The handler holds calls, and so the
// clients, for the life of the process, as a function's handler holds its
// adapters. keep holds the rest of what main built (the logger, a
// validator); never a client (see the package comment).
func Start(calls func(ctx context.Context), keep ...any) {
	if os.Getenv("FLOOR_CALL_OPERATIONS") == "yes" {
		calls(context.Background())
	}
	lambda.Start(func(context.Context, json.RawMessage) (string, error) {
		_, _ = calls, keep
		return "floor", nil
	})
}
