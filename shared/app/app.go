// Package app assembles each function from its environment: configuration, AWS
// clients, adapters, domain and handler. The functions' mains and the local API
// (make run) both build their handlers here, so they are wired the same way.
package app

import (
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/app/reader"
	"github.com/putuo-compliance/intake/shared/app/sender"
	"github.com/putuo-compliance/intake/shared/awsenv"
	"github.com/putuo-compliance/intake/shared/httpapi"
	"github.com/putuo-compliance/intake/shared/sesmail"
	"github.com/putuo-compliance/intake/shared/web"
)

// HTTPFunctions builds the HTTP API functions, by their logical IDs in template.yaml.
var HTTPFunctions = map[string]func(getenv func(string) string, log *logrus.Logger) (httpapi.Handler, error){
	"SubmitFunction": Submit,
	"StatusFunction": Status,
	"WebFunction":    Web,
}

// ScheduledFunctions builds the scheduled functions, by their logical IDs.
var ScheduledFunctions = map[string]func(getenv func(string) string, log *logrus.Logger) (ScheduledHandler, error){
	"RedispatchFunction": Redispatch,
}

// The functions' own wiring lives in packages that link only what each function
// uses (see package reader); these names keep one place for the local API and
// the tests to build any function.
var (
	// Submit builds the handler of SubmitFunction.
	Submit = sender.Submit
	// Status builds the handler of StatusFunction.
	Status = reader.Status
	// Redispatch builds the handler of RedispatchFunction.
	Redispatch = sender.Redispatch
)

// ScheduledHandler is the shape of a scheduled (EventBridge) Lambda handler.
type ScheduledHandler = sender.ScheduledHandler

// Web builds the handler of WebFunction, the firm-facing pages. It submits like
// SubmitFunction and, when SENDER_ADDRESS is set, confirms by e-mail through SES.
func Web(getenv func(string) string, log *logrus.Logger) (httpapi.Handler, error) {
	svc, err := sender.Service(getenv)
	if err != nil {
		return nil, err
	}
	svc.Metrics = sender.Emitter(getenv, log)
	address := getenv("SENDER_ADDRESS")
	if address != "" {
		cfg, err := awsenv.Config(getenv)
		if err != nil {
			return nil, err
		}
		svc.Notifier = sesmail.New(sesv2.NewFromConfig(cfg), address)
	}
	return web.New(svc, svc.Parser, address != "", log), nil
}
