package intake

import (
	"context"
	"errors"
	"time"
)

// markQueuedAttempts bounds how often MarkQueued writes again after finding the
// submission changed under it (by staff, or by a concurrent MarkQueued).
const markQueuedAttempts = 3

// MarkQueued records in store that sub's message is on its agency queue, and
// brings sub, as read from the store, up to date.
//
// A received submission takes the dispatch transition: it becomes queued, with
// its event in the history, one more version and the time of the change (the
// firm's status shows the change, and the staff lists list it). That is one
// conditional write, the common case. A submission already queued is left as
// it is, without a write. A submission staff acted on first (after a transfer,
// or one whose message was late) keeps its status and history: only its
// queued flag is set, by a Mark, since no received→queued step happened. That
// flag is delivery bookkeeping, not a lifecycle step. When the stored
// submission turns out to differ from sub, MarkQueued decides again on what
// the store found; it leaves alone one that was transferred meanwhile (the
// message went to the old agency's queue: the transfer dispatches its own)
// and a stub (its data erased: not "queued" if it never was).
func MarkQueued(ctx context.Context, store Store, sub *Submission, at time.Time) error {
	from := sub.Agency
	return settle(ctx, store, sub, at,
		func(s *Submission) bool { return s.Queued || s.Agency != from || s.RedactedAt != nil },
		func(s *Submission) { s.Queued = true })
}

// settle makes one bookkeeping write on sub: mark sets a delivery flag unless
// done says there is nothing to do. A received submission takes the dispatch
// transition in the same write (whatever marks it, its message is on the
// queue), a move; any other keeps its status, version and history, and only
// its flags are written (a Mark), the queued flag among them. On finding sub
// changed in the store it decides again, up to markQueuedAttempts times.
func settle(ctx context.Context, store Store, sub *Submission, at time.Time, done func(*Submission) bool, mark func(*Submission)) error {
	cur := sub
	var err error
	for range markQueuedAttempts {
		if done(cur) {
			*sub = *cur
			return nil
		}
		next := cur.Clone()
		if cur.Status == StatusReceived {
			var ch Change
			if ch, err = next.Apply(Command{Action: ActionDispatch, By: System(), At: at}); err != nil {
				return err
			}
			mark(next)
			ch.Queued, ch.Listed = next.Queued, next.Listed
			err = store.Update(ctx, ch)
		} else {
			mark(next)
			next.Queued = true
			err = store.Mark(ctx, Mark{Reference: cur.Reference, Status: cur.Status, Agency: cur.Agency,
				Queued: !cur.Queued, Listed: next.Listed && !cur.Listed})
		}
		var stale *StaleError
		if !errors.As(err, &stale) {
			if err == nil {
				*sub = *next
			}
			return err
		}
		cur = stale.Current
	}
	return err
}
