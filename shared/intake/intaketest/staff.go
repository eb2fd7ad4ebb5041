package intaketest

import (
	"cmp"
	"context"
	"slices"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/intake"
)

// The staff side of the fake store, in the orders storetest holds dynamostore's
// indexes to.

func (s *Store) Worklist(_ context.Context, q intake.WorklistQuery) ([]intake.Summary, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Fail != nil {
		return nil, s.Fail
	}
	var out []intake.Summary
	for _, sub := range s.subs {
		if sub.Agency != q.Agency || sub.Status != intake.StatusQueued || !sub.Listed ||
			q.Urgency == intake.UrgencyUrgent && !sub.Urgent || q.Urgency == intake.UrgencyNormal && sub.Urgent {
			continue
		}
		out = append(out, summary(sub))
	}
	slices.SortFunc(out, func(a, b intake.Summary) int {
		if a.Urgent != b.Urgent {
			if a.Urgent {
				return -1
			}
			return 1
		}
		return cmp.Or(a.SubmittedAt.Compare(b.SubmittedAt), cmp.Compare(a.Reference, b.Reference))
	})
	return out[:min(len(out), max(q.Limit, 0))], nil
}

func (s *Store) Activity(_ context.Context, q intake.ActivityQuery) ([]intake.Summary, *intake.Position, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Fail != nil {
		return nil, nil, s.Fail
	}
	var out []intake.Summary
	for _, sub := range s.subs {
		if sub.Agency != q.Agency || q.Status != "" && sub.Status != q.Status || sub.UpdatedAt.Before(q.Since) {
			continue
		}
		if p := q.After; p != nil && !(sub.UpdatedAt.Before(p.UpdatedAt) || sub.UpdatedAt.Equal(p.UpdatedAt) && sub.Reference < p.Reference) {
			continue // not after the position, newest first
		}
		out = append(out, summary(sub))
	}
	slices.SortFunc(out, func(a, b intake.Summary) int {
		return cmp.Or(b.UpdatedAt.Compare(a.UpdatedAt), cmp.Compare(b.Reference, a.Reference))
	})
	if len(out) <= q.Limit {
		return out, nil, nil
	}
	out = out[:q.Limit]
	last := out[len(out)-1]
	return out, &intake.Position{UpdatedAt: last.UpdatedAt, Reference: last.Reference}, nil
}

func (s *Store) Count(_ context.Context, of agency.Code, status intake.Status) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Fail != nil {
		return 0, s.Fail
	}
	n := 0
	for _, sub := range s.subs {
		if sub.Agency == of && sub.Status == status {
			n++
		}
	}
	return n, nil
}

func (s *Store) AddAudit(_ context.Context, e intake.AuditEntry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Fail != nil {
		return s.Fail
	}
	s.audit[e.Reference] = append(s.audit[e.Reference], e)
	return nil
}

func (s *Store) AuditTrail(_ context.Context, reference string) ([]intake.AuditEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Fail != nil {
		return nil, s.Fail
	}
	out := slices.Clone(s.audit[reference])
	slices.SortStableFunc(out, func(a, b intake.AuditEntry) int { return a.At.Compare(b.At) })
	return out, nil
}

func summary(sub *intake.Submission) intake.Summary {
	c := sub.Clone()
	return intake.Summary{
		Reference: c.Reference, Kind: c.Kind, Status: c.Status, Agency: c.Agency, Urgent: c.Urgent,
		SubmittedAt: c.SubmittedAt, UpdatedAt: c.UpdatedAt, AnsweredAt: c.AnsweredAt, Claim: c.Claim, Version: c.Version,
	}
}
