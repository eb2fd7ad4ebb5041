package intake

import (
	"context"
	"errors"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/logging"
)

// Ended reports whether a submission in status st has ended: closed or
// rejected, final states that nothing moves on from (lifecycle.go). Its
// personal data is kept for a retention period after that, then removed.
// (Erased is final too, but has no personal data left to keep.)
func Ended(st Status) bool { return st == StatusClosed || st == StatusRejected }

// Redaction is the one write that removes a submission's personal data and
// leaves its stub (Submission.Redact, Submission.Erase): the store removes the
// form, the answer, the schedule, the claim and the name of the idempotency
// record, deletes that record, and writes the stub's status, last change,
// history, version and RedactedAt, if the stored submission is still at
// Expect. Everything else of the item - reference, kind, agency, urgency,
// language, the submission and first answer times, consent - is the stub.
type Redaction struct {
	Reference string
	Expect    Expect
	// Status and UpdatedAt are the stub's: for the retention job the ended
	// submission's own, for an erasure erased and its time. Agency does not
	// change; the store's indexes, which follow agency and status, need it.
	Status    Status
	Agency    agency.Code
	UpdatedAt time.Time
	History   []Event // the history with no actor and no text
	Version   int64
	// RedactedAt is when the personal data went: now, or for a stub erased
	// on request afterwards, when retention removed it.
	RedactedAt time.Time
	// Record names the submission's idempotency record ("" for none), which
	// goes too: the store deletes it if it still names this submission (after
	// its 24 hours the same firm may have used the key again, for another).
	Record string
	// Audit, when set, is written with the stub, atomically: an erasure's
	// entry, with who and why.
	Audit *AuditEntry
	// Queued is the submission's, which the stub keeps as it was; a store
	// that reads "queued" from its pending mark, which a stub drops, needs
	// it (dynamostore).
	Queued bool
}

// Redact removes s's personal data at at, as of a retention period's end: it
// becomes its stub, and the Redaction that writes it is returned. The stub
// keeps what statistics need and no person's data: the form goes (the firm,
// the contact, the incident), so do the answer, the schedule's place, the
// claim (a staff member), and from every event its actor (a staff member's
// id) and its texts (notes, reasons). UpdatedAt stays the time of the last
// lifecycle change: for an ended submission, when it ended.
func (s *Submission) Redact(at time.Time) Redaction {
	return s.redact(s.expect(), at)
}

// redact makes s its stub, written over expect (the submission as stored
// before), and returns the Redaction that writes it.
func (s *Submission) redact(expect Expect, at time.Time) Redaction {
	history := make([]Event, len(s.History))
	for i, e := range s.History {
		history[i] = Event{At: e.At, Action: e.Action, From: e.From, To: e.To, Agency: e.Agency, Public: e.Public}
	}
	redacted := at.UTC()
	if s.RedactedAt != nil {
		redacted = *s.RedactedAt
	}
	r := Redaction{
		Reference:  s.Reference,
		Expect:     expect,
		Status:     s.Status,
		Agency:     s.Agency,
		UpdatedAt:  s.UpdatedAt,
		History:    history,
		Version:    expect.Version + 1,
		RedactedAt: redacted,
		Record:     s.IdempotencyRecord,
		Queued:     s.Queued,
	}
	s.stub(r)
	return r
}

// stub writes r on s. It is the domain's one list of what a redaction
// removes; the stores remove the same (storetest checks them).
func (s *Submission) stub(r Redaction) {
	s.Form, s.Answer, s.Schedule, s.Claim, s.IdempotencyRecord = nil, nil, nil, nil, ""
	s.Status, s.UpdatedAt, s.Version = r.Status, r.UpdatedAt, r.Version
	s.History = append([]Event(nil), r.History...)
	at := r.RedactedAt
	s.RedactedAt = &at
}

// Redacted returns a copy of s with r written on it, as a store holds it after
// writing r (the fake store and the tests read a Redaction this way).
func (s *Submission) Redacted(r Redaction) *Submission {
	c := s.Clone()
	c.stub(r)
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
