package provision

import (
	"fmt"
	"slices"
	"strconv"
)

// EventSource is an AWS::Lambda::EventSourceMapping from an SQS queue, as the
// local stack polls it (package devstack).
type EventSource struct {
	ID       string // the mapping's logical ID
	Function string // the logical ID of the function it invokes
	QueueARN string
	QueueURL string
	// BatchSize is the most messages one invocation gets (Lambda's default: 10).
	// Locally a batch is one receive, so at most 10.
	BatchSize int32
	// ReportsFailures: FunctionResponseTypes has ReportBatchItemFailures, so
	// the function's response names the messages to keep.
	ReportsFailures bool
}

// EventSources resolves the template's enabled event source mappings from the
// stack's queues, in logical-ID order. A mapping from anything but one of the
// stack's queues is an error: the local stack could not feed it.
func (s *Stack) EventSources() ([]EventSource, error) {
	var out []EventSource
	for _, id := range s.tmpl.ResourcesOfType("AWS::Lambda::EventSourceMapping") {
		if ok, err := s.exists(id); err != nil || !ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		resolved, err := s.resolve(s.tmpl.Resources[id].Properties)
		if err != nil {
			return nil, fmt.Errorf("event source %s: %w", id, err)
		}
		var p struct {
			EventSourceArn        string
			FunctionName          string
			BatchSize             any
			Enabled               any
			FunctionResponseTypes []string
		}
		if err := remarshal(resolved, &p); err != nil {
			return nil, fmt.Errorf("event source %s: %w", id, err)
		}
		if p.Enabled != nil && fmt.Sprint(p.Enabled) == "false" {
			continue
		}
		es := EventSource{
			ID:              id,
			Function:        p.FunctionName, // Ref of a function: its logical ID stands in locally
			QueueARN:        p.EventSourceArn,
			BatchSize:       10,
			ReportsFailures: slices.Contains(p.FunctionResponseTypes, "ReportBatchItemFailures"),
		}
		if p.BatchSize != nil {
			n, err := strconv.Atoi(fmt.Sprint(p.BatchSize))
			if err != nil || n < 1 {
				return nil, fmt.Errorf("event source %s: batch size %v", id, p.BatchSize)
			}
			es.BatchSize = int32(min(n, 10))
		}
		for q, attrs := range s.attrs {
			if s.tmpl.Resources[q].Type == "AWS::SQS::Queue" && attrs["Arn"] == es.QueueARN {
				es.QueueURL = attrs["QueueUrl"]
			}
		}
		if es.QueueURL == "" {
			return nil, fmt.Errorf("event source %s: %s is none of the stack's queues", id, es.QueueARN)
		}
		out = append(out, es)
	}
	return out, nil
}
