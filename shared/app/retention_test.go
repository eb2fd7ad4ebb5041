package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/shared/app"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/storetest"
)

// RetentionFunction, built as its main builds it, removes against moto the
// personal data of a submission that ended longer ago than RETENTION_DAYS, and
// leaves alone one that ended since and one still open.
func TestRetentionFunction(t *testing.T) {
	ctx := context.Background()
	fnEnv, err := stack.FunctionEnv("RetentionFunction")
	if err != nil {
		t.Fatal(err)
	}
	getenv := envFor(fnEnv, "RETENTION_DAYS", "30")
	db, _ := clients(getenv)
	store := dynamostore.New(db, getenv("TABLE_NAME"))
	now := time.Now()
	stored := func(status intake.Status, endedDaysAgo int) *intake.Submission {
		s := storetest.NewSubmission(storetest.NewRef(), now.AddDate(0, 0, -endedDaysAgo-5))
		s.Status, s.Queued, s.UpdatedAt = status, true, now.AddDate(0, 0, -endedDaysAgo)
		if err := store.Create(ctx, s, nil); err != nil {
			t.Fatal(err)
		}
		return s
	}
	old, recent, open := stored(intake.StatusRejected, 31), stored(intake.StatusClosed, 29), stored(intake.StatusAnswered, 400)

	h, err := app.ScheduledFunctions["RetentionFunction"](getenv, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if err := h(ctx, events.EventBridgeEvent{DetailType: "Scheduled Event"}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		sub      *intake.Submission
		redacted bool
	}{{old, true}, {recent, false}, {open, false}} {
		got, err := store.Get(ctx, tt.sub.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if (got.RedactedAt != nil) != tt.redacted || (len(got.Form) == 0) != tt.redacted {
			t.Errorf("%s, ended %v: redacted %v, form %d bytes; want redacted %v", got.Status, got.UpdatedAt, got.RedactedAt, len(got.Form), tt.redacted)
		}
	}
}
