package httpapi_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/putuo-compliance/intake/shared/apperr"
)

// What a client puts in the path or the Idempotency-Key never reaches a log,
// whichever way the request fails: a pasted token or phone number would stay
// in the logs for as long as they are kept.
func TestClientTextNotLogged(t *testing.T) {
	const secret = "13812345678"
	tests := []struct {
		name       string
		event      string
		status     bool // the status handler, not submit
		reference  string
		key        string
		storeDown  bool
		wantStatus int
	}{
		{name: "phone number as reference", event: "status-unknown.json", status: true, reference: secret, wantStatus: 404},
		{name: "token in a reference", event: "status-unknown.json", status: true, reference: "C-2345-6789/" + secret, wantStatus: 404},
		{name: "a reference, then a phone number", event: "status-unknown.json", status: true, reference: "c 2345 6789 " + secret, wantStatus: 404},
		{name: "reference, store down", event: "status-unknown.json", status: true, reference: secret, storeDown: true, wantStatus: 503},
		{name: "idempotency key, store down", event: "submit-consultation.json", key: "key-" + secret, storeDown: true, wantStatus: 503},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv()
			if tt.storeDown {
				e.store.Fail = apperr.Unavailable(errors.New("dynamodb down"))
			}
			req := loadEvent(t, tt.event)
			h := e.submit
			if tt.status {
				h = e.status
				req.PathParameters["reference"] = tt.reference
			}
			if tt.key != "" {
				req.Headers["idempotency-key"] = tt.key
			}
			resp, err := h(context.Background(), req)
			if err != nil || resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d err %v, want %d", resp.StatusCode, err, tt.wantStatus)
			}
			if e.logs.Len() == 0 {
				t.Fatal("nothing logged")
			}
			if strings.Contains(e.logs.String(), secret) {
				t.Errorf("the client's text reached the log:\n%s", e.logs.String())
			}
		})
	}
}
