package intake

import (
	"context"
	"strings"

	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/logging"
)

// Erase removes s's personal data at once, on request (PIPL): c is an
// ActionErase with its reason as Note. The move is checked as Apply checks
// every move (a supervisor of the agency, from any state but erased, with a
// reason); its event is appended without who or why, and s becomes the stub
// that retention leaves (Redact), erased. A claim ends with it. It returns the
// Redaction that writes the stub. The reason is no part of it: the caller
// puts it in the audit trail (Desk.Erase).
func (s *Submission) Erase(c Command) (Redaction, error) {
	if c.Action != ActionErase {
		return Redaction{}, refuse(c, s.Status, apperr.ErrInvalid, CodeUnknownAction, "")
	}
	t, err := s.allow(c)
	if err != nil {
		return Redaction{}, err
	}
	expect := s.expect()
	s.History = append(s.History, Event{At: c.At, Action: c.Action, From: s.Status, To: t.To, Public: t.Public})
	s.Status, s.UpdatedAt = t.To, c.At
	return s.redact(expect, c.At), nil
}

// Erase removes at once the personal data of a submission of by's agency that
// by read at version, for reason: why, in by's words (which request, when, by
// what channel; no names needed). Only a supervisor may, from any state but
// erased. The submission becomes the stub that retention leaves, erased, and
// in the same write its idempotency record goes and the audit trail records
// who, when and why. Refused as Act refuses a move (a *StaleError for another
// version, 404 for another agency's). It returns the stub as stored. Act
// with ActionErase does the same.
func (d *Desk) Erase(ctx context.Context, by Actor, reference string, version int64, reason string) (*Submission, error) {
	return d.Act(ctx, by, reference, version, Command{Action: ActionErase, Note: reason})
}

// erase makes the erasure c on sub and stores it with its audit entry; on
// success sub is the stub as stored, and the firm is told, at the address it
// gave, that its data is erased.
func (d *Desk) erase(ctx context.Context, sub *Submission, c Command) error {
	c.At = d.now()
	var stub *Submission
	var r Redaction
	err := overBookkeeping(sub, func() error {
		stub = sub.Clone()
		var err error
		if r, err = stub.Erase(c); err != nil {
			return err
		}
		r.Audit = audit(sub, c.By, string(c.Action), c.At)
		r.Audit.Reason = strings.TrimSpace(c.Note)
		return d.Store.Redact(ctx, r)
	})
	if err != nil {
		return err
	}
	whole := *sub // the form, with the address, is only in memory now
	*sub = *stub
	// Never the reason: it is the supervisor's free text, for the audit trail.
	logging.From(ctx).WithFields(logrus.Fields{"reference": sub.Reference, "action": c.Action, "from": r.Expect.Status, "version": sub.Version}).
		Info("personal data erased on request")
	d.measureMove(ctx, sub, c)
	d.notify(ctx, &whole, sub.History[len(sub.History)-1])
	return nil
}
