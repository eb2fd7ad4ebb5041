package intake

import (
	"fmt"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
)

// Expect is what the stored submission must still be for a Change (or a
// Redaction) to apply: the submission the move was decided on. Besides its
// status and version, that is its delivery flags, which a Mark sets without
// counting a version: a move writes them (and the worklist key that follows
// them) as they were read, so it must not land on flags that changed since.
type Expect struct {
	Status  Status
	Version int64 // 0: an item written before versions existed
	Queued  bool
	Listed  bool
}

// expect is the Expect of a move decided on s as it is now.
func (s *Submission) expect() Expect {
	return Expect{Status: s.Status, Version: s.Version, Queued: s.Queued, Listed: s.Listed}
}

// Change is one move of a submission's lifecycle, a change that staff or the
// firm see: its new lifecycle fields, all of them, one more version, the time
// of the change and the event to append to its history. Its form, kind,
// urgency, token and submission time never change after Create. Delivery
// bookkeeping is no Change but a Mark.
type Change struct {
	Reference string
	Expect    Expect
	Status    Status
	Agency    agency.Code
	Queued    bool
	Listed    bool
	Claim     *Claim     // nil: none
	Answer    *Answer    // nil: none
	Schedule  *Schedule  // nil: none
	Answered  *time.Time // nil: not answered yet
	Version   int64
	UpdatedAt time.Time
	Event     *Event // nil: the history stays as it is
	// Audit, when set, is written with the change, atomically: a staff move
	// and its audit entry are stored both or neither.
	Audit *AuditEntry
}

// Mark is delivery bookkeeping on a submission: it sets the queued flag (its
// message is on its agency's queue) and the listed flag (that agency's inbox
// has seen the message), and never clears them (a transfer does, as a move).
// No one acts on it: the version, the time of the last change and the history
// stay as they are, so that a staff member's If-Match still holds and the
// staff lists, ordered by that time, do not move. It applies only while the
// stored submission is still at Status and Agency and still lacks every flag
// the Mark sets; otherwise the store refuses it with a *StaleError. A move
// writes the flags too, and carries them as it read them in its Expect, so a
// move decided before a Mark is refused rather than undoing it (the desk then
// makes it again on what is stored).
type Mark struct {
	Reference string
	Status    Status      // as read
	Agency    agency.Code // as read
	Queued    bool        // set the queued flag
	Listed    bool        // set the listed flag
}

// StaleError is a Change (or a Mark) refused because the stored submission is no longer at
// its Expect. It is an apperr.ErrPrecondition; Current is the stored submission
// as the store found it.
type StaleError struct {
	Reference string
	Expect    Expect
	Current   *Submission
}

func (e *StaleError) Error() string {
	if c := e.Current; c.Status == e.Expect.Status && c.Version == e.Expect.Version &&
		(c.Queued != e.Expect.Queued || c.Listed != e.Expect.Listed) {
		return fmt.Sprintf("submission %q is %s at version %d, its delivery flags changed (queued %v, listed %v)",
			e.Reference, c.Status, c.Version, c.Queued, c.Listed)
	}
	if c := e.Current; c.Status == e.Expect.Status && c.Version == e.Expect.Version {
		return fmt.Sprintf("submission %q is %s at version %d, now at agency %s", e.Reference, c.Status, c.Version, c.Agency)
	}
	return fmt.Sprintf("submission %q is %s at version %d, not %s at version %d",
		e.Reference, e.Current.Status, e.Current.Version, e.Expect.Status, e.Expect.Version)
}

// Is makes errors.Is(err, apperr.ErrPrecondition) true.
func (e *StaleError) Is(target error) bool { return target == apperr.ErrPrecondition }

// commit counts one more version of s, changed at at, and returns the Change
// that writes it over expect.
func (s *Submission) commit(expect Expect, at time.Time, ev *Event) Change {
	s.Version = expect.Version + 1
	s.UpdatedAt = at
	ch := Change{
		Reference: s.Reference,
		Expect:    expect,
		Status:    s.Status,
		Agency:    s.Agency,
		Queued:    s.Queued,
		Listed:    s.Listed,
		Version:   s.Version,
		UpdatedAt: s.UpdatedAt,
	}
	if s.Claim != nil {
		c := *s.Claim
		ch.Claim = &c
	}
	if s.Answer != nil {
		a := *s.Answer
		ch.Answer = &a
	}
	if s.Schedule != nil {
		sc := *s.Schedule
		ch.Schedule = &sc
	}
	if s.AnsweredAt != nil {
		at := *s.AnsweredAt
		ch.Answered = &at
	}
	if ev != nil {
		e := *ev
		ch.Event = &e
	}
	return ch
}

// Marked returns a copy of s with m written on it, as a store holds it after
// writing m.
func (s *Submission) Marked(m Mark) *Submission {
	c := s.Clone()
	c.Queued = c.Queued || m.Queued
	c.Listed = c.Listed || m.Listed
	return c
}

// Applied returns a copy of s with ch written on it, as a store holds it after
// writing ch: the one reading of a Change that the fake store and the tests
// share with the domain.
func (s *Submission) Applied(ch Change) *Submission {
	c := s.Clone()
	c.Status, c.Agency, c.Queued, c.Listed = ch.Status, ch.Agency, ch.Queued, ch.Listed
	c.Claim, c.Answer, c.Schedule, c.AnsweredAt = nil, nil, nil, nil
	if ch.Claim != nil {
		cl := *ch.Claim
		c.Claim = &cl
	}
	if ch.Answer != nil {
		a := *ch.Answer
		c.Answer = &a
	}
	if ch.Schedule != nil {
		sc := *ch.Schedule
		c.Schedule = &sc
	}
	if ch.Answered != nil {
		at := *ch.Answered
		c.AnsweredAt = &at
	}
	c.Version, c.UpdatedAt = ch.Version, ch.UpdatedAt
	if ch.Event != nil {
		c.History = append(c.History, *ch.Event)
	}
	return c
}
