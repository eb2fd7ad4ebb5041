package metrics_test

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/logging"
	"github.com/putuo-compliance/intake/shared/metrics"
	"github.com/putuo-compliance/intake/shared/metrics/metricstest"
)

// requestCtx is a context as a handler starts it: request id and correlation id
// on its log entry.
func requestCtx() context.Context {
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "req-1"})
	ctx, _ = logging.Start(ctx, logrus.New(), logrus.Fields{"correlationId": "corr-1", "route": "POST /v1/consultations"})
	return ctx
}

func TestEmit(t *testing.T) {
	tests := []struct {
		name       string
		ctx        context.Context
		namespace  string
		give       metrics.Doc
		wantNS     string
		wantDims   map[string]string
		wantValues map[string]float64
		wantUnits  map[string]string
		wantProps  map[string]any // root members besides dimensions and metrics
		wantAbsent []string
	}{
		{
			name: "counter with dimensions", ctx: requestCtx(), namespace: "Intake/test",
			give: metrics.Doc{
				Dimensions: map[string]string{"Kind": "consultation", "Outcome": "accepted"},
				Metrics:    []metrics.Metric{{Name: "Submissions", Unit: metrics.Count, Value: 1}},
			},
			wantNS:     "Intake/test",
			wantDims:   map[string]string{"Kind": "consultation", "Outcome": "accepted"},
			wantValues: map[string]float64{"Submissions": 1},
			wantUnits:  map[string]string{"Submissions": "Count"},
			wantProps:  map[string]any{"requestId": "req-1", "correlationId": "corr-1"},
			// the route is a log field, not a trace id: it stays off metric lines
			wantAbsent: []string{"route", "reference"},
		},
		{
			name: "explicit properties win over the context's", ctx: requestCtx(),
			give: metrics.Doc{
				Dimensions: map[string]string{"Agency": "cyberspace"},
				Metrics:    []metrics.Metric{{Name: "DispatchLag", Unit: metrics.Milliseconds, Value: 61234.5}},
				Properties: map[string]any{"correlationId": "stored-corr", "reference": "T-2345-6789"},
			},
			wantNS:     metrics.DefaultNamespace,
			wantDims:   map[string]string{"Agency": "cyberspace"},
			wantValues: map[string]float64{"DispatchLag": 61234.5},
			wantUnits:  map[string]string{"DispatchLag": "Milliseconds"},
			wantProps:  map[string]any{"requestId": "req-1", "correlationId": "stored-corr", "reference": "T-2345-6789"},
		},
		{
			name: "no dimensions, several metrics, no log entry", ctx: context.Background(),
			give: metrics.Doc{Metrics: []metrics.Metric{
				{Name: "Redispatched", Unit: metrics.Count, Value: 3},
				{Name: "RedispatchPending", Unit: metrics.Count, Value: 0},
			}},
			wantNS:     metrics.DefaultNamespace,
			wantDims:   map[string]string{},
			wantValues: map[string]float64{"Redispatched": 3, "RedispatchPending": 0},
			wantUnits:  map[string]string{"Redispatched": "Count", "RedispatchPending": "Count"},
			wantAbsent: []string{"requestId", "correlationId"},
		},
		{
			name: "empty dimension value and clashing property", ctx: context.Background(),
			give: metrics.Doc{
				Dimensions: map[string]string{"Agency": ""},
				Metrics:    []metrics.Metric{{Name: "Submissions", Unit: metrics.Count, Value: 1}},
				Properties: map[string]any{"Agency": "from-property", "Submissions": "from-property"},
			},
			wantNS:     metrics.DefaultNamespace,
			wantDims:   map[string]string{"Agency": "none"},
			wantValues: map[string]float64{"Submissions": 1},
			wantUnits:  map[string]string{"Submissions": "Count"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			before := time.Now().UnixMilli()
			metrics.New(&out, tt.namespace).Emit(tt.ctx, tt.give)
			if n := strings.Count(out.String(), "\n"); n != 1 || !strings.HasSuffix(out.String(), "\n") {
				t.Fatalf("want one line, got %d: %q", n, out.String())
			}
			docs := metricstest.Docs(t, out.Bytes())
			if len(docs) != 1 {
				t.Fatalf("%d EMF documents in %q", len(docs), out.String())
			}
			d := docs[0]
			if d.Namespace != tt.wantNS {
				t.Errorf("namespace %q, want %q", d.Namespace, tt.wantNS)
			}
			if !reflect.DeepEqual(d.Dimensions, tt.wantDims) {
				t.Errorf("dimensions %v, want %v", d.Dimensions, tt.wantDims)
			}
			if !reflect.DeepEqual(d.Values, tt.wantValues) || !reflect.DeepEqual(d.Units, tt.wantUnits) {
				t.Errorf("values %v units %v, want %v %v", d.Values, d.Units, tt.wantValues, tt.wantUnits)
			}
			for k, v := range tt.wantProps {
				if d.Root[k] != v {
					t.Errorf("property %s = %v, want %v", k, d.Root[k], v)
				}
			}
			for _, k := range tt.wantAbsent {
				if _, ok := d.Root[k]; ok {
					t.Errorf("property %s present: %v", k, d.Root[k])
				}
			}
			ts, _ := d.Root["_aws"].(map[string]any)["Timestamp"].(float64)
			if int64(ts) < before || int64(ts) > time.Now().UnixMilli() {
				t.Errorf("timestamp %v not the time of writing", ts)
			}
		})
	}
}

func TestEmitNothing(t *testing.T) {
	var out bytes.Buffer
	metrics.New(&out, "").Emit(context.Background(), metrics.Doc{Dimensions: map[string]string{"Agency": "x"}})
	var nilEmitter *metrics.Emitter
	nilEmitter.Emit(context.Background(), metrics.Doc{Metrics: []metrics.Metric{{Name: "X", Value: 1}}})
	if out.Len() != 0 {
		t.Fatalf("wrote %q for a document without metrics", out.String())
	}
}

// Lines written concurrently stay whole: each is one Write.
func TestEmitConcurrently(t *testing.T) {
	var out bytes.Buffer
	e := metrics.New(&out, "")
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			e.Emit(context.Background(), metrics.Doc{Metrics: []metrics.Metric{{Name: "Submissions", Unit: metrics.Count, Value: 1}}})
		})
	}
	wg.Wait()
	if docs := metricstest.Docs(t, out.Bytes()); len(docs) != 50 {
		t.Fatalf("%d documents, want 50", len(docs))
	}
}

// The checker itself rejects what CloudWatch would, so the tests that rely on it
// can fail.
func TestParseRejects(t *testing.T) {
	tests := []struct {
		name, give string
	}{
		{"not JSON", `{"_aws":`},
		{"no timestamp", `{"_aws":{"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[[]],"Metrics":[{"Name":"M"}]}]},"M":1}`},
		{"timestamp in seconds", `{"_aws":{"Timestamp":1764151200,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[[]],"Metrics":[{"Name":"M"}]}]},"M":1}`},
		{"no namespace", `{"_aws":{"Timestamp":1764151200000,"CloudWatchMetrics":[{"Dimensions":[[]],"Metrics":[{"Name":"M"}]}]},"M":1}`},
		{"metric missing", `{"_aws":{"Timestamp":1764151200000,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[[]],"Metrics":[{"Name":"M"}]}]}}`},
		{"metric not a number", `{"_aws":{"Timestamp":1764151200000,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[[]],"Metrics":[{"Name":"M"}]}]},"M":"1"}`},
		{"dimension missing", `{"_aws":{"Timestamp":1764151200000,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[["A"]],"Metrics":[{"Name":"M"}]}]},"M":1}`},
		{"dimension not a string", `{"_aws":{"Timestamp":1764151200000,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[["A"]],"Metrics":[{"Name":"M"}]}]},"A":2,"M":1}`},
		{"unknown unit", `{"_aws":{"Timestamp":1764151200000,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[[]],"Metrics":[{"Name":"M","Unit":"Things"}]}]},"M":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := metricstest.Parse([]byte(tt.give)); err == nil {
				t.Fatalf("accepted %s", tt.give)
			}
		})
	}
	ok := `{"_aws":{"Timestamp":1764151200000,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[["A"]],"Metrics":[{"Name":"M","Unit":"Count"}]}]},"A":"a","M":1}`
	if _, err := metricstest.Parse([]byte(ok)); err != nil {
		t.Fatalf("rejected a valid document: %v", err)
	}
}
