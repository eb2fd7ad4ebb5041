// Command status is the StatusFunction Lambda function (see template.yaml).
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/putuo-compliance/intake/shared/app/reader"
	"github.com/putuo-compliance/intake/shared/logging"
)

func main() {
	log := logging.New(os.Stdout, os.Getenv("LOG_LEVEL"))
	handler, err := reader.Status(os.Getenv, log)
	if err != nil {
		log.WithError(err).Fatal("init failed")
	}
	lambda.Start(handler)
}
