// Command staff is the StaffFunction Lambda function (see template.yaml): the
// staff API, behind the staff JWT authorizer.
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/putuo-compliance/intake/shared/app/stafffn"
	"github.com/putuo-compliance/intake/shared/logging"
)

func main() {
	// The logger comes first, so that a configuration error is logged once.
	log := logging.New(os.Stdout, os.Getenv("LOG_LEVEL"))
	cfg, err := stafffn.LoadConfig(os.Getenv)
	if err != nil {
		log.WithError(err).Fatal("init failed")
	}
	lambda.Start(stafffn.New(cfg, log))
}
