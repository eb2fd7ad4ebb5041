package app

import (
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/metrics"
)

// emitter writes a function's EMF metrics where its logs go (stdout in Lambda),
// since CloudWatch extracts them from the function's log group; tests that give
// a logger a buffer read both from it. METRICS_NAMESPACE (template.yaml's
// Globals: one namespace per stack) names the namespace.
func emitter(getenv func(string) string, log *logrus.Logger) *metrics.Emitter {
	return metrics.New(log.Out, getenv("METRICS_NAMESPACE"))
}
