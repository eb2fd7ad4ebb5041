package intake

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/logging"
	"github.com/putuo-compliance/intake/shared/metrics"
)

// Desk is the staff side: an agency's worklist, the moves staff make on its
// submissions, what they may see of them, and the audit trail. Every method
// takes the staff member as an Actor, whose agency comes from a verified token;
// a submission of another agency is answered exactly like an unknown one.
type Desk struct {
	Store StaffStore
	// Queue sends a transferred submission to its new agency's queue.
	Queue Queue
	Now   func() time.Time
	// Notifier, when set, tells the firm of each change it can see.
	Notifier Notifier
	Metrics  *metrics.Emitter // nil discards the metrics
}

// ErrNothingWaiting is Claim's answer when the agency's worklist is empty.
var ErrNothingWaiting = errors.New("nothing waiting")

// Claim reads the worklist claimWindow entries at first, then twice as many
// each time, and tries at most claimMost in one request. Each entry it passes
// over was claimed by someone else since the index was read, or is one the
// index, lagging the table, still lists: the next, longer read reaches past
// them. It stops with claimMargin left before the request's deadline, so that
// its answer still gets out.
const (
	claimWindow = 50
	claimMost   = 1000
	claimMargin = time.Second
)

// errWorklistBusy is Claim's answer when the worklist changed faster than it
// could take from it: something may still be waiting, so not ErrNothingWaiting.
var errWorklistBusy = apperr.Unavailable(errors.New("worklist busy: every submission tried was taken meanwhile"))

// Claim takes the first submission on by's agency's worklist, urgent first,
// then oldest, for by: one conditional write, so that of two staff members
// claiming at once each gets another submission. ErrNothingWaiting only when
// the worklist, read to its end, has none left to take; an
// apperr.ErrUnavailable when the bounds above cut the search short.
func (d *Desk) Claim(ctx context.Context, by Actor) (*Submission, error) {
	tried := map[string]bool{}
	for n := claimWindow; ; n = min(2*n, claimMost) {
		waiting, err := d.Store.Worklist(ctx, WorklistQuery{Agency: by.Agency, Limit: n})
		if err != nil {
			return nil, err
		}
		for _, w := range waiting {
			if tried[w.Reference] {
				continue
			}
			if len(tried) == claimMost || nearDeadline(ctx) {
				return nil, errWorklistBusy
			}
			tried[w.Reference] = true
			sub, err := d.claimListed(ctx, by, w.Reference)
			if errors.Is(err, errPassedOver) {
				continue
			}
			if err != nil {
				return nil, err
			}
			return sub, nil
		}
		if len(waiting) < n {
			return nil, ErrNothingWaiting // read to its end
		}
		if n == claimMost {
			return nil, errWorklistBusy
		}
	}
}

// errPassedOver is claimListed's answer for a listed submission that is no
// longer there to take.
var errPassedOver = errors.New("no longer waiting")

// claimListed claims the submission the worklist listed as reference for by,
// or answers errPassedOver when it is no longer waiting.
func (d *Desk) claimListed(ctx context.Context, by Actor, reference string) (*Submission, error) {
	// The index lags the table: read it for what it is now.
	sub, err := d.Store.Get(ctx, reference)
	if errors.Is(err, apperr.ErrNotFound) {
		return nil, errPassedOver
	}
	if err != nil {
		return nil, err
	}
	if sub.Agency != by.Agency || sub.Status != StatusQueued || !sub.Listed {
		return nil, errPassedOver
	}
	err = d.apply(ctx, sub, Command{Action: ActionClaim, By: by})
	var stale *StaleError
	if errors.As(err, &stale) {
		return nil, errPassedOver // claimed by someone else meanwhile
	}
	if err != nil {
		return nil, err
	}
	return sub, nil
}

// nearDeadline reports whether ctx's deadline is less than claimMargin away.
func nearDeadline(ctx context.Context) bool {
	deadline, ok := ctx.Deadline()
	return ok && time.Until(deadline) < claimMargin
}

// Waiting lists up to limit submissions waiting on by's agency's worklist, in
// the order Claim takes them: urgent first, then oldest. The worklist index
// lags the table by a moment; Claim reads each one again, a list need not.
func (d *Desk) Waiting(ctx context.Context, by Actor, limit int) ([]Summary, error) {
	return d.Store.Worklist(ctx, WorklistQuery{Agency: by.Agency, Limit: limit})
}

// ClaimReference claims one queued submission of by's agency by its
// reference, whether or not an inbox listed it: the way in for an agency whose
// own system consumes its queue (docs/queue-contract.md), which learns the
// reference from the message. Refused like any move: 409 when it is no longer
// queued, a *StaleError when someone else moved it meanwhile.
func (d *Desk) ClaimReference(ctx context.Context, by Actor, reference string) (*Submission, error) {
	sub, err := d.own(ctx, by, reference)
	if err != nil {
		return nil, err
	}
	if err := d.apply(ctx, sub, Command{Action: ActionClaim, By: by}); err != nil {
		return nil, err
	}
	return sub, nil
}

// Read returns a whole submission of by's agency, and records in its audit
// trail that by saw it. The trail is written first: what cannot be audited is
// not shown.
func (d *Desk) Read(ctx context.Context, by Actor, reference string) (*Submission, error) {
	sub, err := d.own(ctx, by, reference)
	if err != nil {
		return nil, err
	}
	if err := d.Store.AddAudit(ctx, *audit(sub, by, AuditRead, d.now())); err != nil {
		return nil, err
	}
	return sub, nil
}

// Act makes a move on a submission of by's agency that by read at version: c
// with its Action and inputs; Act sets who and when. A submission changed
// since (another version) is refused with a *StaleError, as is a concurrent
// change that lands first. A transfer is stored first and queued to the new
// agency second, as a new submission is: the re-dispatch sends it if the
// queue cannot be reached now. An erasure leaves the stub (Erase). It returns
// the submission as stored.
func (d *Desk) Act(ctx context.Context, by Actor, reference string, version int64, c Command) (*Submission, error) {
	sub, err := d.own(ctx, by, reference)
	if err != nil {
		return nil, err
	}
	if sub.Version != version {
		return nil, &StaleError{Reference: sub.Reference, Expect: Expect{Status: sub.Status, Version: version}, Current: sub}
	}
	c.By = by
	if c.Action == ActionErase {
		if err := d.erase(ctx, sub, c); err != nil {
			return nil, err
		}
		return sub, nil
	}
	if err := d.apply(ctx, sub, c); err != nil {
		return nil, err
	}
	if c.Action == ActionTransfer {
		(&Service{Store: d.Store, Queue: d.Queue, Now: d.now, Metrics: d.Metrics}).Dispatch(ctx, sub)
	}
	return sub, nil
}

// bookkeepingAttempts bounds how often a staff write is made again after a
// Mark landed between its read and its write.
const bookkeepingAttempts = 3

// overBookkeeping runs write, which decides on sub and stores the result, and
// runs it again on the submission as stored when the store refused it only
// because delivery bookkeeping (a Mark, which keeps the status and the
// version) landed between the read and the write: nothing anybody acted on
// changed. Any other refusal, and the last, is write's error.
func overBookkeeping(sub *Submission, write func() error) error {
	for attempt := 1; ; attempt++ {
		err := write()
		var stale *StaleError
		if errors.As(err, &stale) && attempt < bookkeepingAttempts &&
			stale.Current.Version == sub.Version && stale.Current.Status == sub.Status {
			*sub = *stale.Current
			continue
		}
		return err
	}
}

// apply makes c on sub and stores it with its audit entry; on success sub is
// the submission as stored, and the firm is told of a change it can see. A
// move that only bookkeeping overtook is made again (overBookkeeping).
func (d *Desk) apply(ctx context.Context, sub *Submission, c Command) error {
	c.At = d.now()
	var next *Submission
	var ch Change
	err := overBookkeeping(sub, func() error {
		next = sub.Clone()
		var err error
		if ch, err = next.Apply(c); err != nil {
			return err
		}
		ch.Audit = audit(sub, c.By, string(c.Action), c.At)
		return d.Store.Update(ctx, ch)
	})
	if err != nil {
		return err
	}
	*sub = *next
	logging.From(ctx).WithFields(logrus.Fields{"reference": sub.Reference, "action": c.Action, "status": sub.Status, "version": sub.Version}).Info("staff move stored")
	d.measureMove(ctx, sub, c)
	if ch.Event != nil && ch.Event.Public {
		d.notify(ctx, sub, *ch.Event)
	}
	return nil
}

// own reads a submission of by's agency; any other is apperr.ErrNotFound, as
// an unknown reference is, so that staff learn nothing of other agencies'.
func (d *Desk) own(ctx context.Context, by Actor, reference string) (*Submission, error) {
	ref, ok := NormalizeReference(reference)
	if !ok || by.Agency == "" {
		return nil, fmt.Errorf("submission %q: %w", reference, apperr.ErrNotFound)
	}
	sub, err := d.Store.Get(ctx, ref)
	if err != nil {
		return nil, err
	}
	if sub.Agency != by.Agency {
		return nil, fmt.Errorf("submission %q: %w", ref, apperr.ErrNotFound)
	}
	return sub, nil
}

// AuditTrail returns the audit trail of a submission of by's agency; only
// supervisors may read it.
func (d *Desk) AuditTrail(ctx context.Context, by Actor, reference string) ([]AuditEntry, error) {
	if !by.Supervisor {
		return nil, fmt.Errorf("audit trail: %w", apperr.ErrForbidden)
	}
	sub, err := d.own(ctx, by, reference)
	if err != nil {
		return nil, err
	}
	return d.Store.AuditTrail(ctx, sub.Reference)
}

// InputError is a staff request's input, other than a Command's, that the
// domain refuses: which one, and a stable code. It is an apperr.ErrInvalid.
type InputError struct {
	Field string // "status", "cursor"
	Code  string
}

// CodeInvalidCursor is an InputError's code for a cursor no List returned.
const CodeInvalidCursor = "invalid-cursor"

func (e *InputError) Error() string { return "invalid " + e.Field + ": " + e.Code }

// Is makes errors.Is(err, apperr.ErrInvalid) true.
func (e *InputError) Is(target error) bool { return target == apperr.ErrInvalid }

// MaxExport is the most submissions one export holds; a busier period is
// exported in parts.
const MaxExport = 1000

// The codes of an export's InputError.
const (
	CodeDateRange = "date-range" // to not after from
	CodeTooMany   = "too-many"   // more than MaxExport submissions
)

// AuditExport is the audit action of a submission's export.
const AuditExport = "export"

// Export returns the whole submissions of by's agency submitted in [from,
// to), oldest first, and records in each one's audit trail that by exported
// it, before any is returned.
func (d *Desk) Export(ctx context.Context, by Actor, from, to time.Time) ([]*Submission, error) {
	if !to.After(from) {
		return nil, &InputError{Field: "to", Code: CodeDateRange}
	}
	var picked []Summary
	// A submission's activity is never before its submission, so the ones
	// submitted since from are among those active since from.
	q := ActivityQuery{Agency: by.Agency, Since: from, Limit: 500}
	for {
		items, next, err := d.Store.Activity(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, s := range items {
			if !s.SubmittedAt.Before(from) && s.SubmittedAt.Before(to) {
				picked = append(picked, s)
			}
		}
		if len(picked) > MaxExport {
			return nil, &InputError{Field: "from", Code: CodeTooMany}
		}
		if next == nil {
			break
		}
		q.After = next
	}
	slices.SortFunc(picked, func(a, b Summary) int { return a.SubmittedAt.Compare(b.SubmittedAt) })
	at := d.now()
	subs := make([]*Submission, 0, len(picked))
	for _, p := range picked {
		sub, err := d.Store.Get(ctx, p.Reference)
		if err != nil {
			return nil, err
		}
		if sub.Agency != by.Agency {
			continue // transferred away meanwhile
		}
		if err := d.Store.AddAudit(ctx, *audit(sub, by, AuditExport, at)); err != nil {
			return nil, err
		}
		subs = append(subs, sub)
	}
	return subs, nil
}

// PageSize is how many submissions List returns at most.
const PageSize = 50

// ListQuery asks for a page of an agency's submissions.
type ListQuery struct {
	Status Status // "": every status
	Cursor string // "": the first page; else Page.Cursor of the page before
}

// Page is a page of List: up to PageSize submissions, newest activity first,
// and the cursor of the next page ("" after the last).
type Page struct {
	Items  []Summary
	Cursor string
}

// List returns a page of by's agency's submissions. The cursor only says where
// in the list the page starts; the agency always comes from by, so a cursor
// handed to another agency's staff shows them only their own submissions.
func (d *Desk) List(ctx context.Context, by Actor, q ListQuery) (Page, error) {
	if q.Status != "" && !slices.Contains(Statuses(), q.Status) {
		return Page{}, &InputError{Field: "status", Code: CodeNotAllowed}
	}
	after, err := decodeCursor(q.Cursor)
	if err != nil {
		return Page{}, err
	}
	items, next, err := d.Store.Activity(ctx, ActivityQuery{Agency: by.Agency, Status: q.Status, After: after, Limit: PageSize})
	if err != nil {
		return Page{}, err
	}
	return Page{Items: items, Cursor: encodeCursor(next)}, nil
}

// The cursor is the position, as JSON in URL-safe base64: opaque to clients,
// and worthless to another agency.
func encodeCursor(p *Position) string {
	if p == nil {
		return ""
	}
	b, _ := json.Marshal(cursor{At: p.UpdatedAt.UTC(), Ref: p.Reference})
	return base64.RawURLEncoding.EncodeToString(b)
}

type cursor struct {
	At  time.Time `json:"t"`
	Ref string    `json:"r"`
}

func decodeCursor(s string) (*Position, error) {
	if s == "" {
		return nil, nil
	}
	bad := &InputError{Field: "cursor", Code: CodeInvalidCursor}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(s) > 200 {
		return nil, bad
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil || c.At.IsZero() {
		return nil, bad
	}
	ref, ok := NormalizeReference(c.Ref)
	if !ok || ref != c.Ref {
		return nil, bad
	}
	return &Position{UpdatedAt: c.At, Reference: ref}, nil
}

// notify tells the firm that its submission changed, as its status page shows
// the change (a transfer as "transferred"); a failure is only logged. The
// address is read from the stored form, and nothing of the form goes in the
// message.
func (d *Desk) notify(ctx context.Context, sub *Submission, ev Event) {
	if d.Notifier == nil {
		return
	}
	form, err := forms.Decode(sub.Kind, sub.Form)
	if err != nil {
		logging.From(ctx).WithError(err).Warn("change not notified: the stored form does not read")
		return
	}
	tell(ctx, d.Notifier.Changed, Notice{
		To:          form.ContactEmail(),
		Lang:        sub.Language,
		Reference:   sub.Reference,
		Kind:        sub.Kind,
		Agency:      sub.Agency,
		SubmittedAt: sub.SubmittedAt,
		Status:      shownStatus(ev),
	}, "change not notified; the move stands")
}

// shownStatus is the status an event shows the firm.
func shownStatus(ev Event) Status {
	if ev.Action == ActionTransfer {
		return StatusTransferred
	}
	return ev.To
}

func (d *Desk) now() time.Time {
	if d.Now == nil {
		return time.Now().UTC()
	}
	return d.Now().UTC()
}
