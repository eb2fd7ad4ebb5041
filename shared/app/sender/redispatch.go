package sender

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/logging"
)

// Redispatch settings. A submission younger than the grace period (default one
// minute, REDISPATCH_GRACE to change it, e.g. "0s" in tests) is left alone: its own
// request is probably still sending it, and a duplicate, though harmless, is
// avoidable. Each run queues redispatchBatch at a time until none are left or the
// run's time is nearly up.
const (
	defaultRedispatchGrace = time.Minute
	redispatchBatch        = 100
	redispatchSpare        = 2 * time.Second
)

// ScheduledHandler is the shape of a scheduled (EventBridge) Lambda handler.
type ScheduledHandler func(context.Context, events.EventBridgeEvent) error

// Redispatch builds the handler of RedispatchFunction: every minute it queues the
// submissions that were stored while their agency queue could not be reached.
func Redispatch(getenv func(string) string, log *logrus.Logger) (ScheduledHandler, error) {
	svc, err := Service(getenv)
	if err != nil {
		return nil, err
	}
	svc.Metrics = Emitter(getenv, log)
	grace := defaultRedispatchGrace
	if v := getenv("REDISPATCH_GRACE"); v != "" {
		if grace, err = time.ParseDuration(v); err != nil || grace < 0 {
			return nil, fmt.Errorf("REDISPATCH_GRACE %q: want a duration such as 1m", v)
		}
	}
	return func(ctx context.Context, _ events.EventBridgeEvent) error {
		ctx, entry := logging.Start(ctx, log, nil)
		before := svc.Now().Add(-grace)
		total := 0
		for {
			n, err := svc.Redispatch(ctx, before, redispatchBatch)
			total += n
			if err != nil {
				// Returned so the invocation counts as failed; the next run retries.
				entry.WithError(err).WithField("queued", total).Warn("re-dispatch stopped")
				return err
			}
			deadline, ok := ctx.Deadline()
			if n < redispatchBatch || (ok && time.Until(deadline) < redispatchSpare) {
				break
			}
		}
		entry.WithField("queued", total).Info("re-dispatch done")
		return nil
	}, nil
}
