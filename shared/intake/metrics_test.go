package intake_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/intaketest"
	"github.com/putuo-compliance/intake/shared/metrics"
	"github.com/putuo-compliance/intake/shared/metrics/metricstest"
)

// measuredService is newService with metrics into the returned buffer and a clock
// that moves 250 ms each time it is read, so that dispatch lag is not zero.
func measuredService() (*intake.Service, *intaketest.Store, *intaketest.Queue, *bytes.Buffer) {
	svc, store, queue := newService()
	var out bytes.Buffer
	svc.Metrics = metrics.New(&out, "Test")
	t := now
	svc.Now = func() time.Time { t = t.Add(250 * time.Millisecond); return t }
	return svc, store, queue, &out
}

func TestSubmitMetrics(t *testing.T) {
	consultation := func(t *testing.T) []byte { return fixture(t, "consultation.json") }
	tests := []struct {
		name            string
		setup           func(*intaketest.Store, *intaketest.Queue)
		give            func(t *testing.T) []byte
		key             string
		earlier         func(t *testing.T) []byte // a first request with the same key
		wantDims        map[string]string         // of the Submissions line
		wantFields      [][2]string               // ValidationFailures, field and code
		wantLag         bool                      // a DispatchLag line of 250 ms
		wantSendFailure bool
	}{
		{name: "accepted", give: consultation, wantLag: true,
			wantDims: map[string]string{"Kind": "consultation", "Agency": "public-security", "Outcome": "accepted"}},
		{name: "accepted with the queue down", give: consultation, wantSendFailure: true,
			setup:    func(_ *intaketest.Store, q *intaketest.Queue) { q.Fail = apperr.Unavailable(errors.New("sqs down")) },
			wantDims: map[string]string{"Kind": "consultation", "Agency": "public-security", "Outcome": "accepted"}},
		{name: "replayed", give: consultation, key: "k-1", earlier: consultation,
			wantDims: map[string]string{"Kind": "consultation", "Agency": "public-security", "Outcome": "replayed"}},
		{name: "conflict", give: func(t *testing.T) []byte { return append([]byte(" "), consultation(t)...) }, key: "k-1", earlier: consultation,
			wantDims: map[string]string{"Kind": "consultation", "Agency": "none", "Outcome": "conflict"}},
		{name: "invalid, bounded field dimensions",
			// two bad items of one list count once; made-up field names become (other)
			give: func(*testing.T) []byte {
				return []byte(`{"zz1":1,"zz2":2,"company":{"name":"x","creditCode":"91310107MA1G8K3Q34","industry":"gaming"},"incident":{"measures":["bad","worse"]}}`)
			},
			wantDims: map[string]string{"Kind": "consultation", "Agency": "none", "Outcome": "invalid"},
			wantFields: [][2]string{
				{"(other)", forms.CodeUnknownField}, {"company.creditCode", forms.CodeCreditCodeCheck},
				{"incident.measures", forms.CodeNotAllowed}, {"contact.name", forms.CodeRequired},
			}},
		{name: "invalid body", give: func(*testing.T) []byte { return []byte(`[1]`) },
			wantDims:   map[string]string{"Kind": "consultation", "Agency": "none", "Outcome": "invalid"},
			wantFields: [][2]string{{"(body)", forms.CodeWrongType}}},
		{name: "store unavailable", give: consultation,
			setup:    func(s *intaketest.Store, _ *intaketest.Queue) { s.Fail = apperr.Unavailable(errors.New("throttled")) },
			wantDims: map[string]string{"Kind": "consultation", "Agency": "none", "Outcome": "unavailable"}},
		{name: "another kind is named by its kind", give: consultation,
			setup: func(s *intaketest.Store, _ *intaketest.Queue) {
				s.Fail = fmt.Errorf("stale: %w", apperr.ErrPrecondition)
			},
			wantDims: map[string]string{"Kind": "consultation", "Agency": "none", "Outcome": "precondition-failed"}},
		{name: "unexpected error", give: consultation,
			setup:    func(s *intaketest.Store, _ *intaketest.Queue) { s.Fail = errors.New("boom") },
			wantDims: map[string]string{"Kind": "consultation", "Agency": "none", "Outcome": "error"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, store, queue, out := measuredService()
			if tt.earlier != nil {
				if _, err := svc.Submit(context.Background(), intake.SubmitRequest{Kind: forms.KindConsultation, Body: tt.earlier(t), Lang: forms.ZH, IdempotencyKey: tt.key, CorrelationID: "corr-0"}); err != nil {
					t.Fatal(err)
				}
				out.Reset()
			}
			if tt.setup != nil {
				tt.setup(store, queue)
			}
			r, _ := svc.Submit(context.Background(), intake.SubmitRequest{Kind: forms.KindConsultation, Body: tt.give(t), Lang: forms.ZH, IdempotencyKey: tt.key, CorrelationID: "corr-1"})
			docs := metricstest.Docs(t, out.Bytes())

			subs := metricstest.Find(docs, intake.MetricSubmissions, nil)
			if len(subs) != 1 || !reflect.DeepEqual(subs[0].Dimensions, tt.wantDims) || subs[0].Values[intake.MetricSubmissions] != 1 {
				t.Fatalf("Submissions lines %+v, want one with %v", subs, tt.wantDims)
			}
			if subs[0].Namespace != "Test" || subs[0].Root["correlationId"] != "corr-1" || subs[0].Root["reference"] != nilIfEmpty(r.Reference) {
				t.Errorf("Submissions line %v: want namespace Test, correlationId corr-1, reference %q", subs[0].Root, r.Reference)
			}

			var gotFields [][2]string
			for _, d := range metricstest.Find(docs, intake.MetricValidationFailures, nil) {
				gotFields = append(gotFields, [2]string{d.Dimensions["Field"], d.Dimensions["Code"]})
				if d.Values[intake.MetricValidationFailures] != 1 || d.Root["correlationId"] != "corr-1" {
					t.Errorf("ValidationFailures line %v", d.Root)
				}
			}
			seen := map[[2]string]int{}
			for _, f := range gotFields {
				seen[f]++
				if seen[f] > 1 {
					t.Errorf("field %v counted twice", f)
				}
			}
			for _, w := range tt.wantFields {
				if seen[w] == 0 {
					t.Errorf("no ValidationFailures line for %v; got %v", w, gotFields)
				}
			}
			if len(tt.wantFields) == 0 && len(gotFields) != 0 {
				t.Errorf("ValidationFailures %v, want none", gotFields)
			}

			lags := metricstest.Find(docs, intake.MetricDispatchLag, map[string]string{"Agency": "public-security"})
			if tt.wantLag != (len(lags) == 1) || len(lags) > 1 {
				t.Fatalf("%d DispatchLag lines, want lag %v", len(lags), tt.wantLag)
			}
			if tt.wantLag && (lags[0].Values[intake.MetricDispatchLag] != 250 || lags[0].Units[intake.MetricDispatchLag] != "Milliseconds" || lags[0].Root["correlationId"] != "corr-1") {
				t.Errorf("DispatchLag line %v, want 250 ms for corr-1", lags[0].Root)
			}
			fails := metricstest.Find(docs, intake.MetricQueueSendFailures, map[string]string{"Agency": "public-security"})
			if tt.wantSendFailure != (len(fails) == 1) || len(fails) > 1 {
				t.Errorf("%d QueueSendFailures lines, want failure %v", len(fails), tt.wantSendFailure)
			}
		})
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// The re-dispatch reports each batch, and each submission it queues under the
// correlation id stored with it.
func TestRedispatchMetrics(t *testing.T) {
	svc, _, queue, out := measuredService()
	queue.Fail = apperr.Unavailable(errors.New("sqs down"))
	for _, corr := range []string{"corr-a", "corr-b"} {
		if _, err := svc.Submit(context.Background(), intake.SubmitRequest{Kind: forms.KindTraining, Body: fixture(t, "training.json"), Lang: forms.ZH, CorrelationID: corr}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name                    string
		queueDown               bool
		wantQueued, wantPending float64
		wantLagFor              []string
	}{
		{"queue still down", true, 0, 2, nil},
		{"queue back", false, 2, 0, []string{"corr-a", "corr-b"}},
		{"nothing left", false, 0, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.queueDown {
				queue.Fail = nil
			}
			out.Reset()
			if _, err := svc.Redispatch(context.Background(), now.Add(time.Hour), 10); err != nil {
				t.Fatal(err)
			}
			docs := metricstest.Docs(t, out.Bytes())
			runs := metricstest.Find(docs, intake.MetricRedispatched, nil)
			if len(runs) != 1 || len(runs[0].Dimensions) != 0 ||
				runs[0].Values[intake.MetricRedispatched] != tt.wantQueued || runs[0].Values[intake.MetricRedispatchPending] != tt.wantPending {
				t.Fatalf("re-dispatch lines %+v, want one with queued %v, pending %v", runs, tt.wantQueued, tt.wantPending)
			}
			var lagFor []string
			for _, d := range metricstest.Find(docs, intake.MetricDispatchLag, nil) {
				lagFor = append(lagFor, d.Root["correlationId"].(string))
				if d.Values[intake.MetricDispatchLag] < 250 {
					t.Errorf("lag %v ms, want at least the clock's step", d.Values[intake.MetricDispatchLag])
				}
			}
			if len(lagFor) != len(tt.wantLagFor) || (len(lagFor) > 0 && !sameSet(lagFor, tt.wantLagFor)) {
				t.Errorf("DispatchLag for %v, want %v", lagFor, tt.wantLagFor)
			}
			// Both wait for one agency's queue: after the first failed send the run
			// leaves the other for the next run.
			if n := len(metricstest.Find(docs, intake.MetricQueueSendFailures, nil)); tt.queueDown && n != 1 {
				t.Errorf("%d QueueSendFailures lines, want 1", n)
			}
		})
	}
}

func sameSet(a, b []string) bool {
	m := map[string]int{}
	for _, s := range a {
		m[s]++
	}
	for _, s := range b {
		m[s]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return true
}
