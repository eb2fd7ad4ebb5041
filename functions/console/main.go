// Command console is the ConsoleFunction Lambda function (see template.yaml):
// the staff console's pages, which check their own sessions.
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/putuo-compliance/intake/shared/app/consolefn"
	"github.com/putuo-compliance/intake/shared/logging"
)

func main() {
	// The logger comes first, so that a configuration error is logged once.
	log := logging.New(os.Stdout, os.Getenv("LOG_LEVEL"))
	cfg, err := consolefn.LoadConfig(os.Getenv)
	if err != nil {
		log.WithError(err).Fatal("init failed")
	}
	lambda.Start(consolefn.New(cfg, log))
}
