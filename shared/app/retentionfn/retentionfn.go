// Package retentionfn wires RetentionFunction, the daily job that removes the
// personal data of submissions that ended (closed or rejected) longer ago than
// the retention period, leaving their stubs: the submission store on DynamoDB
// and nothing else - no queue, no form parser, no HTTP edge, no secret (see
// package app on why each function has a wiring of its own).
package retentionfn

import (
	"context"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/awsenv"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/envconfig"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/logging"
	"github.com/putuo-compliance/intake/shared/metrics"
)

// Config is RetentionFunction's configuration, read once from the environment.
type Config struct {
	AWS   aws.Config // AWS_REGION, credentials, AWS_ENDPOINT_URL[_<SERVICE>] (package awsenv)
	Table string     // TABLE_NAME: the submissions table
	// Period (RETENTION_DAYS, whole days, at least 1; the template's
	// RetentionDays, default DefaultRetentionDays) is how long an ended
	// submission keeps its personal data.
	Period time.Duration
	// MetricsNamespace (METRICS_NAMESPACE, template.yaml's Globals: one per
	// stack) names the EMF metrics' namespace; metrics.DefaultNamespace if unset.
	MetricsNamespace string
}

// DefaultRetentionDays is the template's default, for an environment that does
// not set RETENTION_DAYS.
const DefaultRetentionDays = 180

// LoadConfig reads the configuration through getenv (os.Getenv in main). The
// error names every variable that is missing or malformed.
func LoadConfig(getenv func(string) string) (Config, error) {
	v := envconfig.New(getenv)
	c := Config{AWS: awsenv.Read(v), Table: v.Required("TABLE_NAME"), MetricsNamespace: v.Optional("METRICS_NAMESPACE")}
	days := v.Int("RETENTION_DAYS", DefaultRetentionDays)
	if days < 1 {
		v.Fail("RETENTION_DAYS", "must be 1 or more")
	}
	c.Period = time.Duration(days) * 24 * time.Hour
	return c, v.Err()
}

// Each run redacts batch submissions at a time until none are left or the
// run's time is nearly up (spare left); the next day's run goes on.
const (
	batch = 100
	spare = 5 * time.Second
)

// New builds the handler. Nothing here does network I/O: the client connects
// on first use.
func New(c Config, log *logrus.Logger) func(context.Context, events.EventBridgeEvent) error {
	svc := &intake.Service{
		Store:   dynamostore.New(dynamodb.NewFromConfig(c.AWS), c.Table),
		Now:     time.Now,
		Metrics: metrics.New(log.Out, c.MetricsNamespace),
	}
	return func(ctx context.Context, _ events.EventBridgeEvent) error {
		ctx, entry := logging.Start(ctx, log, nil)
		before := svc.Now().Add(-c.Period)
		total := 0
		for {
			n, err := svc.Retain(ctx, before, batch)
			total += n
			if err != nil {
				// Returned so the invocation counts as failed (its alarm); the
				// next run goes on where this one stopped.
				entry.WithError(err).WithField("redacted", total).Warn("retention stopped")
				return err
			}
			deadline, ok := ctx.Deadline()
			if n < batch || (ok && time.Until(deadline) < spare) {
				break
			}
		}
		entry.WithField("redacted", total).Info("retention done")
		return nil
	}
}
