package intake_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/logging"
)

// logged returns a context whose log lines go to the returned buffer, and a
// function that lists the messages logged at level.
func logged() (context.Context, func(level string) []string) {
	var buf bytes.Buffer
	ctx, _ := logging.Start(context.Background(), logging.New(&buf, "info"), nil)
	return ctx, func(level string) []string {
		var msgs []string
		for _, line := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
			var l struct{ Level, Message string }
			if json.Unmarshal(line, &l) == nil && l.Level == level {
				msgs = append(msgs, l.Message)
			}
		}
		return msgs
	}
}

// liveNotifier fails, as an SES call would, when its context is already done.
type liveNotifier struct {
	sent int
	fail error
}

// Changed is not under test here: submitting never tells of a change.
func (n *liveNotifier) Changed(context.Context, intake.Notice) error { return nil }

func (n *liveNotifier) Received(ctx context.Context, _ intake.Notice) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if n.fail != nil {
		return n.fail
	}
	n.sent++
	return nil
}

// The confirmation gets a context with time left to send it, and only a
// failed one is logged as such.
func TestNotifyOutcomeLogged(t *testing.T) {
	tests := []struct {
		name     string
		fail     error
		wantSent int
		wantWarn []string
	}{
		{"sent", nil, 1, nil},
		{"not sent", errors.New("ses down"), 0, []string{"confirmation not sent; the submission stands"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, store, _ := newService()
			n := &liveNotifier{fail: tt.fail}
			svc.Notifier = n
			ctx, messages := logged()
			if _, err := svc.Submit(ctx, intake.SubmitRequest{Kind: forms.KindConsultation, Body: fixture(t, "consultation.json"), Lang: forms.ZH}); err != nil {
				t.Fatal(err)
			}
			if store.Len() != 1 || n.sent != tt.wantSent {
				t.Errorf("stored %d, confirmed %d; want 1, %d", store.Len(), n.sent, tt.wantSent)
			}
			if got := messages("warning"); !equalStrings(got, tt.wantWarn) {
				t.Errorf("warnings %q, want %q", got, tt.wantWarn)
			}
		})
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
