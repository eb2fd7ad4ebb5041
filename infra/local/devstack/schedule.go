package devstack

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
	"github.com/putuo-compliance/intake/shared/app"
	"github.com/putuo-compliance/intake/shared/logging"
)

// scheduleTimeout bounds one run, as the function's Timeout does in Lambda.
const scheduleTimeout = time.Minute

// startSchedules runs each scheduled function of the template on its rate, as
// EventBridge would (the re-dispatch of pending submissions, every minute), until
// ctx ends. It returns once every handler is built, so a bad one stops the stack
// at start.
func startSchedules(ctx context.Context, schedules []samtemplate.Schedule, stack *provision.Stack, env environ, logs io.Writer) error {
	for _, s := range schedules {
		build, ok := app.ScheduledFunctions[s.Function]
		if !ok {
			return fmt.Errorf("schedule of %s: it has no handler in app.ScheduledFunctions", s.Function)
		}
		fenv, err := stack.FunctionEnv(s.Function)
		if err != nil {
			return err
		}
		fenv["AWS_LAMBDA_FUNCTION_NAME"] = s.Function
		getenv := env.with(fenv).get
		log := logging.New(logs, getenv("LOG_LEVEL"))
		h, err := build(getenv, log)
		if err != nil {
			return fmt.Errorf("build %s: %w", s.Function, err)
		}
		go func() {
			tick := time.NewTicker(s.Every)
			defer tick.Stop()
			for n := 1; ; n++ {
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
				}
				rctx, cancel := context.WithTimeout(ctx, scheduleTimeout)
				rctx = lambdacontext.NewContext(rctx, &lambdacontext.LambdaContext{AwsRequestID: fmt.Sprintf("%s-%d", s.Function, n)})
				// The handler logs its own failures; the next tick tries again.
				_ = h(rctx, events.EventBridgeEvent{DetailType: "Scheduled Event", Source: "aws.events"})
				cancel()
			}
		}()
	}
	return nil
}
