// Package stafffn wires StaffFunction, the staff API: the staff desk on the
// submission store (DynamoDB), the agency queues on SQS for transfers, and the
// firm's change notices through SES or SMTP (package mailer) - no form parser,
// no pages (see package app
// on why each function has a wiring of its own).
package stafffn

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/awsenv"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/envconfig"
	"github.com/putuo-compliance/intake/shared/httpapi"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/mailer"
	"github.com/putuo-compliance/intake/shared/metrics"
	"github.com/putuo-compliance/intake/shared/queueurls"
	"github.com/putuo-compliance/intake/shared/sqsqueue"
)

// Config is StaffFunction's configuration, read once from the environment.
type Config struct {
	AWS    aws.Config             // AWS_REGION, credentials, AWS_ENDPOINT_URL[_<SERVICE>] (package awsenv)
	Table  string                 // TABLE_NAME: the submissions table
	Queues map[agency.Code]string // QUEUE_URL_<AgencyId>: a transfer queues to any agency
	// MetricsNamespace (METRICS_NAMESPACE) names the EMF metrics' namespace.
	MetricsNamespace string
	// Mail (SENDER_ADDRESS, MAIL_TRANSPORT, SMTP_*: package mailer) sends the
	// firm a short notice of each change it can see, through SES or SMTP;
	// without a sender, none.
	Mail mailer.Config
	// Claims (STAFF_AGENCY_CLAIM, STAFF_GROUPS_CLAIM: the template's
	// StaffAgencyClaim, StaffGroupsClaim) name the token claims of a staff
	// member's agency and groups; the console reads them the same way.
	Claims httpedge.StaffClaims
}

// LoadConfig reads the configuration through getenv (os.Getenv in main). The
// error names every variable that is missing or malformed.
func LoadConfig(getenv func(string) string) (Config, error) {
	v := envconfig.New(getenv)
	c := ReadConfig(v)
	return c, v.Err()
}

// ReadConfig reads the configuration from v, recording each problem in v: the
// staff console (package consolefn) reads the same, and more.
func ReadConfig(v *envconfig.Vars) Config {
	return Config{
		AWS:              awsenv.Read(v),
		Table:            v.Required("TABLE_NAME"),
		Queues:           queueurls.Read(v),
		MetricsNamespace: v.Optional("METRICS_NAMESPACE"),
		Mail:             mailer.Read(v),
		Claims:           httpedge.ReadStaffClaims(v),
	}
}

// New builds the handler. Nothing here does network I/O: clients connect on
// first use.
func New(c Config, log *logrus.Logger) httpapi.Handler {
	return httpapi.Staff(Desk(c, dynamostore.New(dynamodb.NewFromConfig(c.AWS), c.Table), log), c.Claims, log)
}

// Desk builds the staff desk on store: the staff API's and the staff
// console's, one domain for both.
func Desk(c Config, store *dynamostore.Store, log *logrus.Logger) *intake.Desk {
	desk := &intake.Desk{
		Store:    store,
		Queue:    sqsqueue.New(sqs.NewFromConfig(c.AWS), c.Queues),
		Now:      time.Now,
		Metrics:  metrics.New(log.Out, c.MetricsNamespace),
		Notifier: mailer.New(c.Mail, c.AWS),
	}
	return desk
}
