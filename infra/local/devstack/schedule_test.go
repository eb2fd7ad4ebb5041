package devstack

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
)

// The local stack runs the template's schedules: a submission left pending is
// queued by the re-dispatch without anyone calling it.
func TestSchedulesRedispatch(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e, err := localtest.Start(ctx, "../../../template.yaml", "schedule-test")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Stop()

	store := dynamostore.New(dynamodb.NewFromConfig(e.Config), e.Stack.Ref("SubmissionsTable"))
	now := time.Now().UTC()
	sub := &intake.Submission{
		Reference: "T-2345-6789", Kind: forms.KindTraining, Status: intake.StatusReceived,
		Agency: "cyberspace", TokenHash: []byte("h"), SubmittedAt: now, UpdatedAt: now,
		Form:    []byte(`{}`),
		History: []intake.Event{{At: now, Actor: intake.ActorSystem, To: intake.StatusReceived, Public: true}},
	}
	if err := store.Create(ctx, sub, nil); err != nil {
		t.Fatal(err)
	}

	env := newEnv(func(string) string { return "" }).with(map[string]string{
		"AWS_ENDPOINT_URL": e.URL, "REDISPATCH_GRACE": "0s",
	})
	schedules := []samtemplate.Schedule{{Function: "RedispatchFunction", Every: 100 * time.Millisecond}}
	if err := startSchedules(ctx, schedules, e.Stack, env, testWriter{t}); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		got, err := store.Get(ctx, sub.Reference)
		if err == nil && got.Queued {
			return
		}
	}
	t.Fatal("the pending submission was not queued by the scheduled re-dispatch")
}

func TestScheduleWithoutHandler(t *testing.T) {
	err := startSchedules(context.Background(), []samtemplate.Schedule{{Function: "NoSuchFunction", Every: time.Minute}}, nil, environ{}, testWriter{t})
	if err == nil {
		t.Fatal("want an error for a schedule without a handler")
	}
}

// testWriter sends the handlers' log lines to the test log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p))
	return len(p), nil
}
