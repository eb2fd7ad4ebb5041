package httpapi_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/putuo-compliance/intake/shared/apperr"
)

// One correlation id per request: the client's if well-formed, else API Gateway's
// request id; on the response whatever its status, on every log line, and in the
// queue message.
func TestCorrelationID(t *testing.T) {
	tests := []struct {
		name       string
		event      string
		status     bool // the status handler, not submit
		give       string
		wantStatus int
		wantID     string
	}{
		{name: "accepted", event: "submit-consultation.json", give: "client-id.1", wantStatus: 201, wantID: "client-id.1"},
		{name: "invalid", event: "submit-consultation-invalid.json", give: "client-id.2", wantStatus: 400, wantID: "client-id.2"},
		{name: "not JSON", event: "submit-not-json.json", give: "client-id.3", wantStatus: 415, wantID: "client-id.3"},
		{name: "store down", event: "submit-consultation.json", give: "client-id.4", wantStatus: 503, wantID: "client-id.4"},
		{name: "malformed id replaced", event: "submit-consultation.json", give: "bad id <script>", wantStatus: 201, wantID: "sample-request-id"},
		{name: "no id", event: "submit-training-invalid.json", wantStatus: 400, wantID: "sample-request-id"},
		{name: "status not found", event: "status-unknown.json", status: true, give: "client-id.5", wantStatus: 404, wantID: "client-id.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv()
			if tt.wantStatus == 503 {
				e.store.Fail = apperr.Unavailable(errors.New("dynamodb down"))
			}
			req := loadEvent(t, tt.event)
			if tt.give != "" {
				req.Headers["X-Correlation-Id"] = tt.give
			}
			h := e.submit
			if tt.status {
				h = e.status
			}
			resp, err := h(context.Background(), req)
			if err != nil || resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d err %v, want %d: %s", resp.StatusCode, err, tt.wantStatus, resp.Body)
			}
			if got := resp.Headers["X-Correlation-Id"]; got != tt.wantID {
				t.Errorf("X-Correlation-Id %q, want %q", got, tt.wantID)
			}
			lines := 0
			sc := bufio.NewScanner(strings.NewReader(e.logs.String()))
			for sc.Scan() {
				var line map[string]any
				if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
					t.Fatalf("log line %q: %v", sc.Text(), err)
				}
				lines++
				if line["correlationId"] != tt.wantID {
					t.Errorf("log line without the correlation id: %s", sc.Text())
				}
			}
			if lines == 0 {
				t.Fatal("no log lines")
			}
			for _, msgs := range e.queue.Sent {
				for _, m := range msgs {
					if m.CorrelationID != tt.wantID {
						t.Errorf("message correlation id %q, want %q", m.CorrelationID, tt.wantID)
					}
				}
			}
		})
	}
}
