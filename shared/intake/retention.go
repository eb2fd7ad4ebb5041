package intake

import (
	"context"
	"errors"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/logging"
)

// Ended reports whether a submission in status st has ended: closed or
// rejected, final states that nothing moves on from (lifecycle.go). Its
// personal data is kept for a retention period after that, then removed.
func Ended(st Status) bool { return st == StatusClosed || st == StatusRejected }

// Redaction is the one write that removes a submission's personal data and
// leaves its stub (Submission.Redact): the store removes the form, the answer,
// the schedule and the claim, and writes the stub's history, version and
// RedactedAt, if the stored submission is still at Expect. Everything else of
// the item - reference, kind, agency, urgency, language, status (the
// outcome), the submission and last-change times, consent - is the stub.
type Redaction struct {
	Reference  string
	Expect     Expect
	History    []Event // the history with no actor and no text
	Version    int64
	RedactedAt time.Time
}

// Redact removes s's personal data at at, as of a retention period's end (or,
// later, an erasure on request): it becomes its stub, and the Redaction that
// writes it is returned. The stub keeps what statistics need and no person's
// data: the form goes (the firm, the contact, the incident), so do the answer,
// the schedule's place, the claim (a staff member), and from every event its
// actor (a staff member's id) and its texts (notes, reasons). UpdatedAt stays
// the time of the last lifecycle change: for an ended submission, when it
// ended.
func (s *Submission) Redact(at time.Time) Redaction {
	expect := Expect{Status: s.Status, Version: s.Version}
	history := make([]Event, len(s.History))
	for i, e := range s.History {
		history[i] = Event{At: e.At, Action: e.Action, From: e.From, To: e.To, Agency: e.Agency, Public: e.Public}
	}
	s.Form, s.Answer, s.Schedule, s.Claim = nil, nil, nil, nil
	s.History = history
	s.Version = expect.Version + 1
	redacted := at.UTC()
	s.RedactedAt = &redacted
	return Redaction{
		Reference:  s.Reference,
		Expect:     expect,
		History:    append([]Event(nil), history...),
		Version:    s.Version,
		RedactedAt: redacted,
	}
}

// Redacted returns a copy of s with r written on it, as a store holds it after
// writing r (the fake store and the tests read a Redaction this way).
func (s *Submission) Redacted(r Redaction) *Submission {
	c := s.Clone()
	c.Form, c.Answer, c.Schedule, c.Claim = nil, nil, nil, nil
	c.History = append([]Event(nil), r.History...)
	c.Version = r.Version
	at := r.RedactedAt
	c.RedactedAt = &at
	return c
}

// Retain removes the personal data of up to limit submissions that ended
// before the given time (their retention period's start plus its length:
// the caller's now minus the period), and returns how many it redacted. A
// submission changed meanwhile is left for the next run.
func (s *Service) Retain(ctx context.Context, endedBefore time.Time, limit int) (redacted int, err error) {
	subs, err := s.Store.Ended(ctx, endedBefore, limit)
	if err != nil {
		return 0, err
	}
	defer func() { s.measureRetain(ctx, redacted) }()
	at := s.Now().UTC()
	for _, sub := range subs {
		// The store lists only ended submissions, but the rule is the domain's.
		if !Ended(sub.Status) || sub.RedactedAt != nil || !sub.UpdatedAt.Before(endedBefore) {
			continue
		}
		r := sub.Redact(at)
		err := s.Store.Redact(ctx, r)
		log := logging.From(ctx).WithFields(logrus.Fields{"reference": sub.Reference, "status": sub.Status})
		switch {
		case err == nil:
			redacted++
			log.Info("personal data removed at the end of its retention period")
		case errors.Is(err, apperr.ErrPrecondition), errors.Is(err, apperr.ErrNotFound):
			log.WithError(err).Info("changed meanwhile; left for the next run")
		default:
			return redacted, err
		}
	}
	return redacted, nil
}
