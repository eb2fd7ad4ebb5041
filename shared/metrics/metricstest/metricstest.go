// Package metricstest reads EMF lines back for tests: it checks each against the
// CloudWatch Embedded Metric Format's rules, so a test that finds its metric has
// also shown that CloudWatch would extract it.
package metricstest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
)

// Doc is one parsed EMF document.
type Doc struct {
	Namespace  string
	Dimensions map[string]string  // the dimension set's keys with their root values
	Values     map[string]float64 // metric name -> value
	Units      map[string]string  // metric name -> unit
	Root       map[string]any     // the whole document, properties included
}

// Docs returns the EMF documents among the JSON lines in out, skipping lines
// without "_aws" (ordinary log lines). It fails t on an EMF line that CloudWatch
// would reject.
func Docs(t testing.TB, out []byte) []Doc {
	t.Helper()
	var docs []Doc
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if !bytes.Contains(line, []byte(`"_aws"`)) {
			continue
		}
		d, err := Parse(line)
		if err != nil {
			t.Fatalf("invalid EMF line: %v\n%s", err, line)
		}
		docs = append(docs, d)
	}
	return docs
}

// Find returns the documents that carry metric name with every given dimension.
func Find(docs []Doc, name string, dims map[string]string) []Doc {
	var found []Doc
	for _, d := range docs {
		if _, ok := d.Values[name]; !ok {
			continue
		}
		match := true
		for k, v := range dims {
			match = match && d.Dimensions[k] == v
		}
		if match {
			found = append(found, d)
		}
	}
	return found
}

// validUnits are CloudWatch's units (those a metric of ours could use).
var validUnits = map[string]bool{"": true, "None": true, "Count": true, "Milliseconds": true, "Seconds": true, "Bytes": true, "Percent": true}

// Parse reads one EMF line. It accepts the one-directive documents this service
// writes and checks what the specification requires of them: a JSON object with
// _aws.Timestamp (epoch milliseconds) and CloudWatchMetrics, each dimension a
// string root member, each metric a numeric root member with a known unit.
func Parse(line []byte) (Doc, error) {
	var root map[string]any
	if err := json.Unmarshal(line, &root); err != nil {
		return Doc{}, err
	}
	var meta struct {
		AWS struct {
			Timestamp         *json.Number
			CloudWatchMetrics []struct {
				Namespace  string
				Dimensions [][]string
				Metrics    []struct{ Name, Unit string }
			}
		} `json:"_aws"`
	}
	if err := json.Unmarshal(line, &meta); err != nil {
		return Doc{}, fmt.Errorf("_aws: %w", err)
	}
	aws := meta.AWS
	if aws.Timestamp == nil {
		return Doc{}, fmt.Errorf("no _aws.Timestamp")
	}
	if ms, err := aws.Timestamp.Int64(); err != nil || ms < 1e12 {
		return Doc{}, fmt.Errorf("_aws.Timestamp %s is not epoch milliseconds", aws.Timestamp)
	}
	if len(aws.CloudWatchMetrics) != 1 {
		return Doc{}, fmt.Errorf("%d metric directives, want 1", len(aws.CloudWatchMetrics))
	}
	dir := aws.CloudWatchMetrics[0]
	if dir.Namespace == "" || len(dir.Metrics) == 0 || len(dir.Metrics) > 100 || len(dir.Dimensions) != 1 || len(dir.Dimensions[0]) > 30 {
		return Doc{}, fmt.Errorf("directive %+v: want a namespace, 1-100 metrics and one set of at most 30 dimensions", dir)
	}
	d := Doc{Namespace: dir.Namespace, Dimensions: map[string]string{}, Values: map[string]float64{}, Units: map[string]string{}, Root: root}
	for _, k := range dir.Dimensions[0] {
		v, ok := root[k].(string)
		if !ok || v == "" {
			return Doc{}, fmt.Errorf("dimension %q is %v, want a non-empty string root member", k, root[k])
		}
		d.Dimensions[k] = v
	}
	for _, m := range dir.Metrics {
		v, ok := root[m.Name].(float64)
		if !ok {
			return Doc{}, fmt.Errorf("metric %q is %v, want a numeric root member", m.Name, root[m.Name])
		}
		if !validUnits[m.Unit] {
			return Doc{}, fmt.Errorf("metric %q has unit %q", m.Name, m.Unit)
		}
		d.Values[m.Name], d.Units[m.Name] = v, m.Unit
	}
	return d, nil
}
