// Package inboxfn wires InboxFunction, the agency inbox: the SQS event source's
// batches, the submission store on DynamoDB, and which queue is whose - no SQS
// client (Lambda receives and deletes the messages), no HTTP edge, no form
// parser, no pages, no mail (see package app on why each function has a
// wiring of its own).
package inboxfn

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/awsenv"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/envconfig"
	"github.com/putuo-compliance/intake/shared/inbox"
	"github.com/putuo-compliance/intake/shared/metrics"
	"github.com/putuo-compliance/intake/shared/queueurls"
)

// Config is InboxFunction's configuration, read once from the environment.
type Config struct {
	AWS   aws.Config // AWS_REGION, credentials, AWS_ENDPOINT_URL[_<SERVICE>] (package awsenv)
	Table string     // TABLE_NAME: the submissions table
	// Queues (QUEUE_URL_<AgencyId>) say which agency each queue is, so that a
	// message on one agency's queue cannot list a submission for another.
	Queues map[agency.Code]string
	// MetricsNamespace (METRICS_NAMESPACE) names the EMF metrics' namespace.
	MetricsNamespace string
}

// LoadConfig reads the configuration through getenv (os.Getenv in main). The
// error names every variable that is missing or malformed.
func LoadConfig(getenv func(string) string) (Config, error) {
	v := envconfig.New(getenv)
	c := Config{
		AWS:              awsenv.Read(v),
		Table:            v.Required("TABLE_NAME"),
		Queues:           queueurls.Read(v),
		MetricsNamespace: v.Optional("METRICS_NAMESPACE"),
	}
	return c, v.Err()
}

// New builds the handler. Nothing here does network I/O: the client connects
// on first use.
func New(c Config, log *logrus.Logger) inbox.Handler {
	in := &inbox.Inbox{
		Store:   dynamostore.New(dynamodb.NewFromConfig(c.AWS), c.Table),
		Queues:  c.Queues,
		Now:     time.Now,
		Log:     log,
		Metrics: metrics.New(log.Out, c.MetricsNamespace),
	}
	return in.Handle
}
