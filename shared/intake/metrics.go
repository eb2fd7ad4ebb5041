package intake

import (
	"context"
	"errors"
	"time"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/metrics"
)

// The domain's metrics; docs/observability.md is their catalogue, and the alarms
// and dashboard in template.yaml refer to them by these names.
const (
	MetricSubmissions        = "Submissions"        // Kind, Agency, Outcome
	MetricValidationFailures = "ValidationFailures" // Field, Code
	MetricDispatchLag        = "DispatchLag"        // Agency; submittedAt to on the queue
	MetricQueueSendFailures  = "QueueSendFailures"  // Agency
	MetricRedispatched       = "Redispatched"       // no dimensions; per re-dispatch batch
	MetricRedispatchPending  = "RedispatchPending"  // no dimensions; found pending, still pending
	MetricRedacted           = "Redacted"           // no dimensions; per retention batch: personal data removed
)

// The Outcome dimension of Submissions: how a submit request ended. A failure's
// outcome is its apperr.Kind, the classification the HTTP edge answers from, so the
// metrics and the status codes cannot disagree.
const (
	OutcomeAccepted    = "accepted"                     // stored (and queued, or pending for re-dispatch)
	OutcomeReplayed    = "replayed"                     // an Idempotency-Key seen before: the earlier receipt
	OutcomeInvalid     = string(apperr.KindInvalid)     // field errors; nothing stored
	OutcomeConflict    = string(apperr.KindConflict)    // an Idempotency-Key reused with another body
	OutcomeUnavailable = string(apperr.KindUnavailable) // the store failed; the firm is told to retry
	OutcomeError       = "error"                        // anything else: a bug
)

// noAgency is the Agency of a request that ended before it was routed.
const noAgency = "none"

func outcome(r Receipt, err error) string {
	switch k := apperr.KindOf(err); {
	case err == nil && r.Replayed:
		return OutcomeReplayed
	case err == nil:
		return OutcomeAccepted
	case k == apperr.KindInternal:
		return OutcomeError // "error" predates the kinds; the dashboard and alarms use it
	default:
		return string(k)
	}
}

func count(name string) []metrics.Metric {
	return []metrics.Metric{{Name: name, Unit: metrics.Count, Value: 1}}
}

// measureSubmit records how a submit request ended and, if it was invalid, which
// field codes it failed on: each distinct field and code once per request.
func (s *Service) measureSubmit(ctx context.Context, req SubmitRequest, r Receipt, err error) {
	if s.Metrics == nil {
		return
	}
	to := noAgency
	if err == nil {
		to = string(r.Agency)
	}
	props := map[string]any{"correlationId": req.CorrelationID}
	if r.Reference != "" {
		props["reference"] = r.Reference
	}
	s.Metrics.Emit(ctx, metrics.Doc{
		Dimensions: map[string]string{"Kind": string(req.Kind), "Agency": to, "Outcome": outcome(r, err)},
		Metrics:    count(MetricSubmissions),
		Properties: props,
	})
	var invalid *apperr.InvalidError
	if !errors.As(err, &invalid) {
		return
	}
	seen := map[[2]string]bool{}
	for _, f := range invalid.Fields {
		key := [2]string{forms.KnownPath(f.Field), f.Code}
		if seen[key] {
			continue
		}
		seen[key] = true
		s.Metrics.Emit(ctx, metrics.Doc{
			Dimensions: map[string]string{"Field": key[0], "Code": key[1]},
			Metrics:    count(MetricValidationFailures),
			Properties: map[string]any{"correlationId": req.CorrelationID, "kind": string(req.Kind)},
		})
	}
}

// metricField maps a field error's path to a form field's path (list indexes
// dropped), so the Field dimension takes only the forms' own paths.
// measureDispatch records how long sub waited, from its submission to its message
// being on the queue: milliseconds at submit, minutes when the re-dispatch sent it.
func (s *Service) measureDispatch(ctx context.Context, sub *Submission, at time.Time) {
	s.Metrics.Emit(ctx, metrics.Doc{
		Dimensions: map[string]string{"Agency": string(sub.Agency)},
		Metrics:    []metrics.Metric{{Name: MetricDispatchLag, Unit: metrics.Milliseconds, Value: float64(at.Sub(sub.SubmittedAt).Microseconds()) / 1000}},
		Properties: map[string]any{"correlationId": sub.CorrelationID, "reference": sub.Reference},
	})
}

func (s *Service) measureSendFailure(ctx context.Context, sub *Submission) {
	s.Metrics.Emit(ctx, metrics.Doc{
		Dimensions: map[string]string{"Agency": string(sub.Agency)},
		Metrics:    count(MetricQueueSendFailures),
		Properties: map[string]any{"correlationId": sub.CorrelationID, "reference": sub.Reference},
	})
}

// measureRedispatch records one re-dispatch batch, zeros included: the backlog
// alarm watches RedispatchPending, and a line every run keeps it fed.
func (s *Service) measureRedispatch(ctx context.Context, queued, pending int) {
	s.Metrics.Emit(ctx, metrics.Doc{Metrics: []metrics.Metric{
		{Name: MetricRedispatched, Unit: metrics.Count, Value: float64(queued)},
		{Name: MetricRedispatchPending, Unit: metrics.Count, Value: float64(pending)},
	}})
}

// measureRetain records one retention batch, zeros included, so that a
// dashboard shows the job ran.
func (s *Service) measureRetain(ctx context.Context, redacted int) {
	s.Metrics.Emit(ctx, metrics.Doc{Metrics: []metrics.Metric{{Name: MetricRedacted, Unit: metrics.Count, Value: float64(redacted)}}})
}
