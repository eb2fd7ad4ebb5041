// Package app builds any of the stack's functions by its logical ID in
// template.yaml, from an environment, as the function's main does: load its
// Config, then build its handler. The local API (make run), the benchmarks and
// the tests use it; the functions' mains do not.
//
// Each function's wiring is a package of its own (statusfn, submitfn, webfn,
// redispatchfn, retentionfn, inboxfn, stafffn, consolefn), for the cold start: Go runs the initialisation of every package
// a binary links before main, and the SQS and SES clients' generated code,
// validator/v10 and the pages' templates are much of a function's init time and
// size. A main imports only its own wiring, so it links only what it uses;
// this package links every function and must stay out of the mains (the links
// test in package functions checks both).
package app

import (
	"context"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/app/consolefn"
	"github.com/putuo-compliance/intake/shared/app/inboxfn"
	"github.com/putuo-compliance/intake/shared/app/redispatchfn"
	"github.com/putuo-compliance/intake/shared/app/retentionfn"
	"github.com/putuo-compliance/intake/shared/app/stafffn"
	"github.com/putuo-compliance/intake/shared/app/statusfn"
	"github.com/putuo-compliance/intake/shared/app/submitfn"
	"github.com/putuo-compliance/intake/shared/app/webfn"
	"github.com/putuo-compliance/intake/shared/httpapi"
	"github.com/putuo-compliance/intake/shared/inbox"
)

// SQSHandler is the shape of an SQS event source's Lambda handler, with
// partial batch failures.
type SQSHandler = inbox.Handler

// ScheduledHandler is the shape of a scheduled (EventBridge) Lambda handler.
type ScheduledHandler = func(context.Context, events.EventBridgeEvent) error

// Builder builds a function's handler from its environment and logger.
type Builder[H any] func(getenv func(string) string, log *logrus.Logger) (H, error)

// HTTPFunctions builds the HTTP API functions, by their logical IDs.
var HTTPFunctions = map[string]Builder[httpapi.Handler]{
	"SubmitFunction":  builder(submitfn.LoadConfig, submitfn.New),
	"StatusFunction":  builder(statusfn.LoadConfig, statusfn.New),
	"WebFunction":     builder(webfn.LoadConfig, webfn.New),
	"StaffFunction":   builder(stafffn.LoadConfig, stafffn.New),
	"ConsoleFunction": builder(consolefn.LoadConfig, consolefn.New),
}

// ScheduledFunctions builds the scheduled functions, by their logical IDs.
var ScheduledFunctions = map[string]Builder[ScheduledHandler]{
	"RedispatchFunction": builder(redispatchfn.LoadConfig, redispatchfn.New),
	"RetentionFunction":  builder(retentionfn.LoadConfig, retentionfn.New),
}

// SQSFunctions builds the functions that SQS event sources invoke, by their
// logical IDs.
var SQSFunctions = map[string]Builder[SQSHandler]{
	"InboxFunction": builder(inboxfn.LoadConfig, inboxfn.New),
}

// builder joins a function's LoadConfig and its handler's constructor.
func builder[C, H any](load func(func(string) string) (C, error), build func(C, *logrus.Logger) H) Builder[H] {
	return func(getenv func(string) string, log *logrus.Logger) (H, error) {
		c, err := load(getenv)
		if err != nil {
			var none H
			return none, err
		}
		return build(c, log), nil
	}
}
