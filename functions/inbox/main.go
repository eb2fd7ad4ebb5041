// Command inbox is the InboxFunction Lambda function (see template.yaml): the
// agency inbox, fed by the agency queues' event sources.
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/putuo-compliance/intake/shared/app/inboxfn"
	"github.com/putuo-compliance/intake/shared/logging"
)

func main() {
	// The logger comes first, so that a configuration error is logged once.
	log := logging.New(os.Stdout, os.Getenv("LOG_LEVEL"))
	cfg, err := inboxfn.LoadConfig(os.Getenv)
	if err != nil {
		log.WithError(err).Fatal("init failed")
	}
	lambda.Start(inboxfn.New(cfg, log))
}
