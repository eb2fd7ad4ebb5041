// Package sender wires the functions that store and queue submissions
// (SubmitFunction, RedispatchFunction): the store and the agency queues, without
// the web pages or mail, which only WebFunction links (see package reader on why
// the wiring is split by what it links).
package sender

import (
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/app/reader"
	"github.com/putuo-compliance/intake/shared/awsenv"
	"github.com/putuo-compliance/intake/shared/httpapi"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/metrics"
	"github.com/putuo-compliance/intake/shared/sqsqueue"
)

// Submit builds the handler of SubmitFunction.
func Submit(getenv func(string) string, log *logrus.Logger) (httpapi.Handler, error) {
	svc, err := Service(getenv)
	if err != nil {
		return nil, err
	}
	svc.Metrics = Emitter(getenv, log)
	return httpapi.Submit(svc, log), nil
}

// Service builds the intake service with the agency queues.
// Nothing here does network I/O: clients connect on first use.
func Service(getenv func(string) string) (*intake.Service, error) {
	svc, err := reader.Service(getenv)
	if err != nil {
		return nil, err
	}
	cfg, err := awsenv.Config(getenv)
	if err != nil {
		return nil, err
	}
	urls, err := sqsqueue.URLsFromEnv(getenv)
	if err != nil {
		return nil, err
	}
	svc.Queue = sqsqueue.New(sqs.NewFromConfig(cfg), urls)
	return svc, nil
}

// Emitter writes a function's EMF metrics where its logs go (stdout in Lambda),
// since CloudWatch extracts them from the function's log group; tests that give
// a logger a buffer read both from it. METRICS_NAMESPACE (template.yaml's
// Globals: one namespace per stack) names the namespace.
func Emitter(getenv func(string) string, log *logrus.Logger) *metrics.Emitter {
	return metrics.New(log.Out, getenv("METRICS_NAMESPACE"))
}
