// Package submitfn wires SubmitFunction, the JSON API's submit routes: the form
// parser, routing, the submission store on DynamoDB and the agency queues on SQS
// - no pages, no mail (see package app on why each function has a wiring of its
// own). WebFunction submits the same way and builds on it.
package submitfn

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/awsenv"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/envconfig"
	"github.com/putuo-compliance/intake/shared/forms/formparse"
	"github.com/putuo-compliance/intake/shared/httpapi"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/keyring"
	"github.com/putuo-compliance/intake/shared/metrics"
	"github.com/putuo-compliance/intake/shared/queueurls"
	"github.com/putuo-compliance/intake/shared/routing"
	"github.com/putuo-compliance/intake/shared/secrets"
	"github.com/putuo-compliance/intake/shared/sqsqueue"
)

// Config is SubmitFunction's configuration, read once from the environment.
type Config struct {
	AWS    aws.Config             // AWS_REGION, credentials, AWS_ENDPOINT_URL[_<SERVICE>] (package awsenv)
	Table  string                 // TABLE_NAME: the submissions table
	Queues map[agency.Code]string // QUEUE_URL_<AGENCY>: every agency's queue
	// MetricsNamespace (METRICS_NAMESPACE, template.yaml's Globals: one per
	// stack) names the EMF metrics' namespace; metrics.DefaultNamespace if unset.
	MetricsNamespace string
	// SecretID (SECRET_ID: the template's ServerSecret, a name or an ARN) is the
	// Secrets Manager secret the server's keys are derived from (package
	// keyring), read at first use.
	SecretID string
	// Limits: SubmissionsPerClient (SUBMISSIONS_PER_CLIENT_HOUR, default
	// DefaultSubmissionsPerClientHour; the template's SubmissionsPerClientHour).
	// WebFunction adds its MailsPerRecipient.
	Limits intake.Limits
}

// DefaultSubmissionsPerClientHour is the template's default, for an
// environment that does not set SUBMISSIONS_PER_CLIENT_HOUR.
const DefaultSubmissionsPerClientHour = 20

// LoadConfig reads the configuration through getenv (os.Getenv in main). The
// error names every variable that is missing or malformed.
func LoadConfig(getenv func(string) string) (Config, error) {
	v := envconfig.New(getenv)
	c := ReadConfig(v)
	return c, v.Err()
}

// ReadConfig reads the configuration from v, recording its problems in v, for a
// function whose configuration includes this one (WebFunction's).
func ReadConfig(v *envconfig.Vars) Config {
	return Config{
		AWS:              awsenv.Read(v),
		Table:            v.Required("TABLE_NAME"),
		Queues:           queueurls.Read(v),
		MetricsNamespace: v.Optional("METRICS_NAMESPACE"),
		SecretID:         v.Required("SECRET_ID"),
		Limits:           intake.Limits{SubmissionsPerClient: v.Int("SUBMISSIONS_PER_CLIENT_HOUR", DefaultSubmissionsPerClientHour)},
	}
}

// New builds the handler.
func New(c Config, log *logrus.Logger) httpapi.Handler {
	return httpapi.Submit(Service(c, log), log)
}

// Service builds the intake service that validates, stores and queues. Nothing
// here does network I/O: clients connect, and the secret is read, on first use.
// Metrics go where the logs go (stdout in Lambda), since CloudWatch extracts
// them from the log group.
func Service(c Config, log *logrus.Logger) *intake.Service {
	store := dynamostore.New(dynamodb.NewFromConfig(c.AWS), c.Table)
	return &intake.Service{
		Store:   store,
		Counter: store,
		Limits:  c.Limits,
		Queue:   sqsqueue.New(sqs.NewFromConfig(c.AWS), c.Queues),
		Parser:  formparse.New(time.Now),
		Rules:   routing.Default(),
		Now:     time.Now,
		Metrics: metrics.New(log.Out, c.MetricsNamespace),
		Keys:    keyring.New(secrets.New(secretsmanager.NewFromConfig(c.AWS).GetSecretValue, c.SecretID).Value),
	}
}
