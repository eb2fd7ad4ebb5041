// Command retention is the RetentionFunction Lambda function (see template.yaml).
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/putuo-compliance/intake/shared/app/retentionfn"
	"github.com/putuo-compliance/intake/shared/logging"
)

func main() {
	// The logger comes first, so that a configuration error is logged once.
	log := logging.New(os.Stdout, os.Getenv("LOG_LEVEL"))
	cfg, err := retentionfn.LoadConfig(os.Getenv)
	if err != nil {
		log.WithError(err).Fatal("init failed")
	}
	lambda.Start(retentionfn.New(cfg, log))
}
