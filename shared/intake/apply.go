package intake

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
)

// Command asks for one action on a submission. Which inputs an action needs is
// set by its transition and checked by Apply.
type Command struct {
	Action Action
	By     Actor
	At     time.Time
	Note   string      // a rejection's or a transfer's reason, or a staff note
	Agency agency.Code // transfer: where to
	Answer *Answer     // answer: the reply; its Public part is required
	// Schedule is for schedule: when (after At) and where the training is held.
	Schedule *Schedule
}

// The stable codes of a TransitionError.
const (
	CodeUnknownAction     = "unknown-action"     // ErrInvalid
	CodeInvalidTransition = "invalid-transition" // ErrConflict: not from this status
	CodeWrongKind         = "wrong-kind"         // ErrConflict: not for this kind of form
	CodeActorNotAllowed   = "actor-not-allowed"  // ErrForbidden
	CodeRequired          = "required"           // ErrInvalid: Field is missing
	CodeNotAllowed        = "not-allowed"        // ErrInvalid: Field is not taken by this action
	CodeSameAgency        = "same-agency"        // ErrInvalid: a transfer to where it is
	CodeUnknownAgency     = "unknown-agency"     // ErrInvalid
	CodeNotAhead          = "not-ahead"          // ErrInvalid: a schedule not after now
	CodeTooLong           = "too-long"           // ErrInvalid: a text longer than its limit (limits below)
)

// The longest texts a Command may carry, in characters: a note or reason, each
// part of an answer, a schedule's place. Generous for people, and they keep a
// submission's item (history included) far below DynamoDB's 400 KB.
const (
	MaxNote   = 2000
	MaxAnswer = 10000
	MaxPlace  = 200
)

// TransitionError is a refused Command. It is an apperr.ErrConflict, ErrForbidden
// or ErrInvalid according to its Code (test with errors.Is).
type TransitionError struct {
	Code   string
	Action Action
	From   Status
	Field  string // the Command field at fault, for the ErrInvalid codes: "note", "agency", "answer", "schedule"
	kind   error
}

func (e *TransitionError) Error() string {
	msg := fmt.Sprintf("%s from %s: %s", e.Action, e.From, e.Code)
	if e.Field != "" {
		msg += " (" + e.Field + ")"
	}
	return msg
}

// Is makes errors.Is(err, kind) true for the error's kind.
func (e *TransitionError) Is(target error) bool { return target == e.kind }

func refuse(c Command, from Status, kind error, code, field string) *TransitionError {
	return &TransitionError{Code: code, Action: c.Action, From: from, Field: field, kind: kind}
}

// Apply makes c's move on s, or refuses it with a *TransitionError and leaves s
// as it was. The checks run in this order: the action, the status it starts
// from, the actor, the kind of form, the inputs. A move appends its event,
// counts one more version and returns the Change the store must write: only if
// the stored submission is still at the status and version s had. An erasure
// is no Change but a Redaction: Erase makes it, and Apply refuses it.
func (s *Submission) Apply(c Command) (Change, error) {
	if c.Action == ActionErase {
		return Change{}, refuse(c, s.Status, apperr.ErrInvalid, CodeUnknownAction, "")
	}
	t, err := s.allow(c)
	if err != nil {
		return Change{}, err
	}
	expect := s.expect()
	ev := Event{At: c.At, Actor: c.By.ID, Action: c.Action, From: s.Status, To: t.To, Public: t.Public}
	note := strings.TrimSpace(c.Note)
	if t.Note == RequiredPublic {
		ev.Note = note
	} else {
		ev.Internal = note
	}
	switch c.Action {
	case ActionDispatch:
		s.Queued = true
	case ActionClaim:
		s.Claim = &Claim{By: c.By.ID, Since: c.At}
	case ActionAnswer:
		a := *c.Answer
		s.Answer = &a
		s.answered(c.At)
	case ActionSchedule:
		sc := *c.Schedule
		s.Schedule = &sc
		s.answered(c.At)
	case ActionRelease:
		s.Claim = nil
	case ActionTransfer:
		// Back on a worklist, the new agency's, with its age kept; and its
		// message goes to the new agency's queue the way any message goes
		// (store first, queue second): the re-dispatch sends it if nobody
		// else does.
		// It leaves the old agency's worklist too, and waits for the new
		// agency's inbox to list it.
		ev.Agency = c.Agency
		s.Agency, s.Claim, s.Queued, s.Listed = c.Agency, nil, false, false
	}
	s.Status = t.To
	s.History = append(s.History, ev)
	return s.commit(expect, c.At, &ev), nil
}

// allow finds the transition that c makes from s's status, or refuses c: the
// checks that every move passes, Apply's and Erase's.
func (s *Submission) allow(c Command) (Transition, error) {
	t, ok, known := lookup(s.Status, c.Action)
	switch {
	case !known:
		return t, refuse(c, s.Status, apperr.ErrInvalid, CodeUnknownAction, "")
	case !ok:
		return t, refuse(c, s.Status, apperr.ErrConflict, CodeInvalidTransition, "")
	case c.By.rolesOn(s)&t.By == 0:
		return t, refuse(c, s.Status, apperr.ErrForbidden, CodeActorNotAllowed, "")
	case t.Kind != "" && t.Kind != s.Kind:
		return t, refuse(c, s.Status, apperr.ErrConflict, CodeWrongKind, "")
	}
	return t, checkInputs(t, s, c)
}

// answered records the first answer's time; a later answer or a new date
// keeps it.
func (s *Submission) answered(at time.Time) {
	if s.AnsweredAt == nil {
		s.AnsweredAt = &at
	}
}

// checkInputs refuses a Command that lacks what its transition needs or brings
// what it does not take.
func checkInputs(t Transition, s *Submission, c Command) error {
	invalid := func(code, field string) error { return refuse(c, s.Status, apperr.ErrInvalid, code, field) }
	hasNote := strings.TrimSpace(c.Note) != ""
	switch {
	case t.Note == NoNote && hasNote:
		return invalid(CodeNotAllowed, "note")
	case (t.Note == RequiredInternal || t.Note == RequiredPublic) && !hasNote:
		return invalid(CodeRequired, "note")
	case c.Action != ActionTransfer && c.Agency != "":
		return invalid(CodeNotAllowed, "agency")
	case c.Action != ActionAnswer && c.Answer != nil:
		return invalid(CodeNotAllowed, "answer")
	case c.Action != ActionSchedule && c.Schedule != nil:
		return invalid(CodeNotAllowed, "schedule")
	}
	if tooLong(c.Note, MaxNote) {
		return invalid(CodeTooLong, "note")
	}
	switch c.Action {
	case ActionAnswer:
		if c.Answer == nil || strings.TrimSpace(c.Answer.Public) == "" {
			return invalid(CodeRequired, "answer")
		}
		if tooLong(c.Answer.Public, MaxAnswer) || tooLong(c.Answer.Internal, MaxAnswer) {
			return invalid(CodeTooLong, "answer")
		}
	case ActionSchedule:
		if c.Schedule == nil || c.Schedule.At.IsZero() {
			return invalid(CodeRequired, "schedule")
		}
		if !c.Schedule.At.After(c.At) {
			return invalid(CodeNotAhead, "schedule")
		}
		if tooLong(c.Schedule.Place, MaxPlace) {
			return invalid(CodeTooLong, "schedule")
		}
	case ActionTransfer:
		if c.Agency == "" {
			return invalid(CodeRequired, "agency")
		}
		if _, ok := agency.Lookup(c.Agency); !ok {
			return invalid(CodeUnknownAgency, "agency")
		}
		if c.Agency == s.Agency {
			return invalid(CodeSameAgency, "agency")
		}
	}
	return nil
}

func tooLong(text string, limit int) bool { return utf8.RuneCountInString(text) > limit }
