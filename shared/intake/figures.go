package intake

import (
	"context"
	"slices"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/metrics"
)

// The staff side's metrics (docs/observability.md): the moves staff make, and a
// gauge of each agency's worklist that the waiting-age alarms watch.
const (
	MetricStaffMoves       = "StaffMoves"       // Agency, Action
	MetricWaiting          = "Waiting"          // Agency; queued submissions
	MetricOldestWaitingAge = "OldestWaitingAge" // Agency; seconds since the oldest waiting one was submitted
)

// AnswerWindow is the period over which Figures measures the time to a first
// answer.
const AnswerWindow = 30 * 24 * time.Hour

// Figures are an agency's numbers, as the staff metrics route shows them.
type Figures struct {
	Counts map[Status]int // every status, zeros included
	// OldestWaiting is when the longest-waiting submission on the worklist
	// was submitted (a release or a transfer keeps that time); nil when the
	// worklist is empty.
	OldestWaiting *time.Time
	// Answered counts the submissions first answered (or scheduled) within
	// AnswerWindow, and MedianFirstAnswer is the median time from their
	// submission to that first answer; nil when there were none.
	Answered          int
	MedianFirstAnswer *time.Duration
}

// Figures returns the numbers of by's agency.
func (d *Desk) Figures(ctx context.Context, by Actor) (Figures, error) {
	f := Figures{Counts: map[Status]int{}}
	for _, st := range Statuses() {
		n, err := d.Store.Count(ctx, by.Agency, st)
		if err != nil {
			return Figures{}, err
		}
		f.Counts[st] = n
	}
	var err error
	if f.OldestWaiting, err = d.oldestWaiting(ctx, by.Agency); err != nil {
		return Figures{}, err
	}
	since := d.now().Add(-AnswerWindow)
	var waits []time.Duration
	q := ActivityQuery{Agency: by.Agency, Since: since, Limit: 500}
	for {
		items, next, err := d.Store.Activity(ctx, q)
		if err != nil {
			return Figures{}, err
		}
		for _, s := range items {
			if s.AnsweredAt != nil && !s.AnsweredAt.Before(since) {
				waits = append(waits, s.AnsweredAt.Sub(s.SubmittedAt))
			}
		}
		if next == nil {
			break
		}
		q.After = next
	}
	f.Answered = len(waits)
	if m, ok := median(waits); ok {
		f.MedianFirstAnswer = &m
	}
	return f, nil
}

// oldestWaiting is the submission time of the first of each part of the
// worklist, whichever is earlier: urgent ones come first, so the oldest
// overall may be either.
func (d *Desk) oldestWaiting(ctx context.Context, of agency.Code) (*time.Time, error) {
	var oldest *time.Time
	for _, u := range []Urgency{UrgencyUrgent, UrgencyNormal} {
		first, err := d.Store.Worklist(ctx, WorklistQuery{Agency: of, Urgency: u, Limit: 1})
		if err != nil {
			return nil, err
		}
		if len(first) > 0 && (oldest == nil || first[0].SubmittedAt.Before(*oldest)) {
			at := first[0].SubmittedAt
			oldest = &at
		}
	}
	return oldest, nil
}

func median(ds []time.Duration) (time.Duration, bool) {
	if len(ds) == 0 {
		return 0, false
	}
	slices.Sort(ds)
	mid := len(ds) / 2
	if len(ds)%2 == 1 {
		return ds[mid], true
	}
	return (ds[mid-1] + ds[mid]) / 2, true
}

// MeasureWorklists writes each agency's waiting gauge: how many submissions are
// queued, and the age of the oldest on the worklist (0 when it is empty, so the
// alarm sees a value every time). A scheduled function calls it, so the alarm
// is fed also while nothing arrives.
func (d *Desk) MeasureWorklists(ctx context.Context) error {
	now := d.now()
	for _, a := range agency.All {
		n, err := d.Store.Count(ctx, a.Code, StatusQueued)
		if err != nil {
			return err
		}
		oldest, err := d.oldestWaiting(ctx, a.Code)
		if err != nil {
			return err
		}
		age := 0.0
		if oldest != nil {
			age = now.Sub(*oldest).Seconds()
		}
		d.Metrics.Emit(ctx, metrics.Doc{
			Dimensions: map[string]string{"Agency": string(a.Code)},
			Metrics: []metrics.Metric{
				{Name: MetricWaiting, Unit: metrics.Count, Value: float64(n)},
				{Name: MetricOldestWaitingAge, Unit: metrics.Seconds, Value: age},
			},
		})
	}
	return nil
}

// measureMove counts a move under the agency of the staff member who made it
// (a transfer's submission is at the other agency by now).
func (d *Desk) measureMove(ctx context.Context, sub *Submission, c Command) {
	d.Metrics.Emit(ctx, metrics.Doc{
		Dimensions: map[string]string{"Agency": string(c.By.Agency), "Action": string(c.Action)},
		Metrics:    count(MetricStaffMoves),
		Properties: map[string]any{"reference": sub.Reference},
	})
}
