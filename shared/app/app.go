// Package app assembles each function from its environment: configuration, AWS
// clients, adapters, domain and handler. The functions' mains and the local API
// (make run) both build their handlers here, so they are wired the same way.
package app

import (
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/awsenv"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpapi"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/routing"
	"github.com/putuo-compliance/intake/shared/sesmail"
	"github.com/putuo-compliance/intake/shared/sqsqueue"
	"github.com/putuo-compliance/intake/shared/web"
)

// HTTPFunctions builds the HTTP API functions, by their logical IDs in template.yaml.
var HTTPFunctions = map[string]func(getenv func(string) string, log *logrus.Logger) (httpapi.Handler, error){
	"SubmitFunction": Submit,
	"StatusFunction": Status,
	"WebFunction":    Web,
}

// Submit builds the handler of SubmitFunction.
func Submit(getenv func(string) string, log *logrus.Logger) (httpapi.Handler, error) {
	svc, err := service(getenv, true)
	if err != nil {
		return nil, err
	}
	svc.Metrics = emitter(getenv, log)
	return httpapi.Submit(svc, log), nil
}

// Status builds the handler of StatusFunction.
func Status(getenv func(string) string, log *logrus.Logger) (httpapi.Handler, error) {
	svc, err := service(getenv, false)
	if err != nil {
		return nil, err
	}
	return httpapi.Status(svc, log), nil
}

// Web builds the handler of WebFunction, the firm-facing pages. It submits like
// SubmitFunction and, when SENDER_ADDRESS is set, confirms by e-mail through SES.
func Web(getenv func(string) string, log *logrus.Logger) (httpapi.Handler, error) {
	svc, err := service(getenv, true)
	if err != nil {
		return nil, err
	}
	svc.Metrics = emitter(getenv, log)
	if sender := getenv("SENDER_ADDRESS"); sender != "" {
		cfg, err := awsenv.Config(getenv)
		if err != nil {
			return nil, err
		}
		svc.Notifier = sesmail.New(sesv2.NewFromConfig(cfg), sender)
	}
	return web.New(svc, svc.Parser, log), nil
}

// service builds the intake service; the queue only for functions that send.
// Nothing here does network I/O: clients connect on first use.
func service(getenv func(string) string, sends bool) (*intake.Service, error) {
	cfg, err := awsenv.Config(getenv)
	if err != nil {
		return nil, err
	}
	table := getenv("TABLE_NAME")
	if table == "" {
		return nil, errors.New("TABLE_NAME is not set")
	}
	svc := &intake.Service{
		Store:  dynamostore.New(dynamodb.NewFromConfig(cfg), table),
		Parser: forms.NewParser(time.Now),
		Rules:  routing.Default(),
		Now:    time.Now,
	}
	if sends {
		urls, err := sqsqueue.URLsFromEnv(getenv)
		if err != nil {
			return nil, err
		}
		svc.Queue = sqsqueue.New(sqs.NewFromConfig(cfg), urls)
	}
	return svc, nil
}
