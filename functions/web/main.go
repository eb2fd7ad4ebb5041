// Command web is the WebFunction Lambda function, the firm-facing pages (see template.yaml).
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/putuo-compliance/intake/shared/app/webfn"
	"github.com/putuo-compliance/intake/shared/logging"
)

func main() {
	// The logger comes first, so that a configuration error is logged once.
	log := logging.New(os.Stdout, os.Getenv("LOG_LEVEL"))
	cfg, err := webfn.LoadConfig(os.Getenv)
	if err != nil {
		log.WithError(err).Fatal("init failed")
	}
	lambda.Start(webfn.New(cfg, log))
}
