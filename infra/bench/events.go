package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// probe is the sample event each function is measured with: the common,
// successful request where there is one.
var probe = map[string]string{
	baseline:             "",
	"SubmitFunction":     "submit-consultation.json",
	"StatusFunction":     "status-unknown.json",
	"RedispatchFunction": "redispatch-scheduled.json",
	"RetentionFunction":  "retention-scheduled.json",
	"WebFunction":        "web-home.json",
	"InboxFunction":      "inbox-batch.json",
	"StaffFunction":      "staff-claim.json",
	"ConsoleFunction":    "console-login.json",
}

// sampleEvents loads the probe events. A training request's dates are moved
// into the window the form accepts, as the tests do.
func sampleEvents(repo string) (map[string][]byte, error) {
	out := map[string][]byte{baseline: []byte(`{}`)}
	for id, name := range probe {
		if name == "" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(repo, "events", name))
		if err != nil {
			return nil, err
		}
		out[id] = b
	}
	return out, nil
}

func eventFor(events map[string][]byte, id string) ([]byte, error) {
	if fn, ok := functionOf(id); ok {
		id = fn // a floor answers anything; it gets its function's event
	}
	b, ok := events[id]
	if !ok {
		return nil, fmt.Errorf("no probe event for %s: add one to infra/bench/events.go", id)
	}
	return b, nil
}

// apiRequest decodes a sample HTTP API event.
func apiRequest(b []byte) (events.APIGatewayV2HTTPRequest, error) {
	var req events.APIGatewayV2HTTPRequest
	err := json.Unmarshal(b, &req)
	return req, err
}

// shanghaiDay is a day relative to today in the forms' calendar.
func shanghaiDay(days int) string {
	return time.Now().In(time.FixedZone("CST", 8*3600)).AddDate(0, 0, days).Format(time.DateOnly)
}
