// Package metrics writes CloudWatch Embedded Metric Format (EMF) documents: one
// JSON line per measurement, written to the function's log stream (stdout in
// Lambda), from which CloudWatch Logs extracts the metrics. No SDK and no API call:
// a metric costs a log line, not a PutMetricData request on the request path.
//
// Dimensions make metrics, and every distinct combination of their values is a
// billed custom metric, so they take values from small fixed sets only (kind,
// agency, outcome, field code). Ids that differ per request - the correlation id,
// the reference, the Lambda request id - go on the line as plain properties:
// searchable in Logs Insights, never a dimension.
package metrics

import (
	"context"
	"encoding/json"
	"io"
	"sort"
	"sync"
	"time"

	"github.com/putuo-compliance/intake/shared/logging"
)

// DefaultNamespace is the namespace when none is configured.
const DefaultNamespace = "ComplianceIntake"

// Unit is a CloudWatch metric unit.
type Unit string

// The units this service uses.
const (
	Count        Unit = "Count"
	Milliseconds Unit = "Milliseconds"
	Seconds      Unit = "Seconds"
)

// Metric is one value of a document.
type Metric struct {
	Name  string
	Unit  Unit
	Value float64
}

// Doc is one EMF document: metric values measured against one set of dimensions.
type Doc struct {
	Dimensions map[string]string // low cardinality only; may be empty
	Metrics    []Metric
	Properties map[string]any // anything else worth finding the line by
}

// Emitter writes EMF documents to w, one line each. A nil *Emitter discards them,
// so code that measures needs no check and tests that don't look need no setup.
type Emitter struct {
	mu        sync.Mutex
	w         io.Writer
	namespace string
}

// New returns an emitter writing to w in namespace (DefaultNamespace if "").
func New(w io.Writer, namespace string) *Emitter {
	if namespace == "" {
		namespace = DefaultNamespace
	}
	return &Emitter{w: w, namespace: namespace}
}

// traceFields are copied from the context's log entry (see logging.Start) onto
// each document, so that a metric line and the log lines of its request share
// their ids. Properties given in the Doc take precedence.
var traceFields = []string{"requestId", "correlationId", "reference"}

// noValue stands in for an empty dimension value, which CloudWatch would reject.
const noValue = "none"

type directive struct {
	Namespace  string       `json:"Namespace"`
	Dimensions [][]string   `json:"Dimensions"`
	Metrics    []definition `json:"Metrics"`
}

type definition struct {
	Name string `json:"Name"`
	Unit Unit   `json:"Unit,omitempty"`
}

type metadata struct {
	Timestamp         int64       `json:"Timestamp"`
	CloudWatchMetrics []directive `json:"CloudWatchMetrics"`
}

// Emit writes d as one line. Dimensions and metric values are root members of
// the document, as EMF requires; they win over properties of the same name.
// A write error is dropped: a lost metric must never fail the work it measures.
func (e *Emitter) Emit(ctx context.Context, d Doc) {
	if e == nil || len(d.Metrics) == 0 {
		return
	}
	root := make(map[string]any, len(d.Properties)+len(traceFields)+len(d.Dimensions)+len(d.Metrics)+1)
	for k, v := range d.Properties {
		root[k] = v
	}
	fields := logging.From(ctx).Data
	for _, k := range traceFields {
		if _, given := root[k]; !given && fields[k] != nil {
			root[k] = fields[k]
		}
	}
	keys := make([]string, 0, len(d.Dimensions))
	for k, v := range d.Dimensions {
		if v == "" {
			v = noValue
		}
		root[k] = v
		keys = append(keys, k)
	}
	sort.Strings(keys) // stable lines for people and tests; CloudWatch doesn't mind
	defs := make([]definition, len(d.Metrics))
	for i, m := range d.Metrics {
		root[m.Name] = m.Value
		defs[i] = definition{Name: m.Name, Unit: m.Unit}
	}
	root["_aws"] = metadata{
		Timestamp:         time.Now().UnixMilli(),
		CloudWatchMetrics: []directive{{Namespace: e.namespace, Dimensions: [][]string{keys}, Metrics: defs}},
	}
	line, err := json.Marshal(root)
	if err != nil {
		return // only a property that cannot be encoded; our callers pass strings
	}
	line = append(line, '\n')
	e.mu.Lock()
	defer e.mu.Unlock()
	_, _ = e.w.Write(line)
}
