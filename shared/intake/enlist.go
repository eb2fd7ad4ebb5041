package intake

import (
	"context"
	"fmt"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
)

// ErrUnusableMessage is a queue message the inbox can never use, however often
// it is delivered: another schema, a malformed reference, or the wrong agency.
// Its delivery fails, so that it ends in the queue's dead-letter queue (and
// raises its alarm) instead of being dropped unseen.
var ErrUnusableMessage = fmt.Errorf("unusable message: %w", apperr.ErrInvalid)

// Enlist puts the submission that m names on its agency's worklist: the
// agency inbox's work for each message that arrives on the queue of agency
// from. It is bookkeeping like MarkQueued, no lifecycle step (a Mark: no new
// version, no change of the time staff lists order by), and it writes at most
// once: a message delivered again changes nothing.
//
// It records that the agency's inbox saw the message whatever the status, as
// long as the submission is at that agency and may still wait on its
// worklist: one that staff claimed by its reference first is listed too, so
// that a release puts it on the worklist (the worklist holds what is queued
// and listed). A message that arrives before its sender marked the
// submission queued is proof enough that it is on the queue: Enlist then
// sets the queued flag too, and for a received submission makes the
// dispatch transition and lists it in one write.
//
// It fails with ErrUnusableMessage for a message of another schema or agency,
// or for a submission that has since moved to another agency (a transfer
// sends a message of its own); with apperr.ErrNotFound for an unknown
// reference; with apperr.ErrUnavailable when the store is.
func Enlist(ctx context.Context, store Store, m Message, from agency.Code, at time.Time) error {
	if err := usable(m, from); err != nil {
		return err
	}
	sub, err := store.Get(ctx, m.Reference)
	if err != nil {
		return err
	}
	if sub.Agency != m.Agency {
		return fmt.Errorf("%w: the submission is now at another agency", ErrUnusableMessage)
	}
	return settle(ctx, store, sub, at,
		func(s *Submission) bool { return s.Listed || s.Agency != m.Agency || !mayWait(s.Status) },
		func(s *Submission) { s.Listed = true })
}

// mayWait says whether a submission in status st can (still, or again) wait
// on its agency's worklist: received and queued ones, and one under review,
// which a release puts back. From any other status no move leads to queued.
func mayWait(st Status) bool {
	return st == StatusReceived || st == StatusQueued || st == StatusInReview
}

// usable checks what a message says of itself against the queue it came from.
func usable(m Message, from agency.Code) error {
	ref, ok := NormalizeReference(m.Reference)
	switch {
	case m.Schema != MessageSchema:
		return fmt.Errorf("%w: schema %q", ErrUnusableMessage, m.Schema)
	case !ok || ref != m.Reference:
		return fmt.Errorf("%w: malformed reference", ErrUnusableMessage)
	case m.Agency != from:
		return fmt.Errorf("%w: for agency %q on the queue of %q", ErrUnusableMessage, m.Agency, from)
	}
	return nil
}
