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
// "The same libraries" includes the SDK operations the function calls (Link):
// Go's linker leaves out the code of an operation no one calls, and with the
// first one it links about 1 MB that every request needs (the HTTP client,
// signing, retries). A floor that called none would charge that to our code.
// (validator/v10 looks methods up by name through reflect, which keeps every
// exported method of the program, so the floors with a validator link every
// operation anyway.)
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

// Link makes the binary link the SDK operations that calls makes, without
// making them: calls runs only when FLOOR_CALL_OPERATIONS is "yes", which
// nothing sets. The operations are those its function's bootstrap links
// (`go tool nm bootstrap | grep 'Client).'`, on a build without -s).
func Link(calls func(ctx context.Context)) {
	if os.Getenv("FLOOR_CALL_OPERATIONS") == "yes" {
		calls(context.Background())
	}
}

// Start serves any event with an empty answer. keep holds what main built, so
// that it stays reachable for the life of the process, as a function's clients do.
func Start(keep ...any) {
	lambda.Start(func(context.Context, json.RawMessage) (string, error) {
		_ = keep
		return "floor", nil
	})
}
