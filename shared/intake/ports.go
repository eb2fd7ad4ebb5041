package intake

import (
	"context"
	"fmt"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
)

// Store keeps submissions durably. Implementations wrap failures of the backing
// service in apperr.ErrUnavailable.
type Store interface {
	// Create writes a new submission and, when idem is not nil, its idempotency
	// record, atomically: both or neither. It fails with ErrReferenceTaken or
	// ErrKeyTaken when either already exists.
	Create(ctx context.Context, s *Submission, idem *Idempotency) error
	// Get returns a submission, or apperr.ErrNotFound.
	Get(ctx context.Context, reference string) (*Submission, error)
	// TokenHash returns the hash of a submission's status token, or
	// apperr.ErrNotFound. It reads that one attribute, so that it costs about
	// the same whether the submission exists or not: the status lookup checks
	// the token with it before it reads (and decodes) the whole submission.
	TokenHash(ctx context.Context, reference string) ([]byte, error)
	// GetIdempotency returns an unexpired idempotency record, or apperr.ErrNotFound.
	GetIdempotency(ctx context.Context, key string) (*Idempotency, error)
	// Update writes the move ch if the stored submission is still at
	// ch.Expect: its status, its version (0 matches an item written before
	// versions) and its delivery flags. A submission that moved on fails with
	// a *StaleError (apperr.ErrPrecondition) that carries it; a missing one
	// with apperr.ErrNotFound. Moves are written by Update (an erasure by
	// Redact), delivery bookkeeping by Mark; what they write is decided by
	// the domain (Apply, MarkQueued, Enlist), never by the store.
	Update(ctx context.Context, ch Change) error
	// Mark sets the delivery flags m sets if the stored submission is still
	// at m's status and agency and lacks every one of them, and writes
	// nothing else a move writes: not the version, the time of the last
	// change or the history, so that the staff lists' entries stay as they
	// are. It fails like Update: a *StaleError, or apperr.ErrNotFound.
	Mark(ctx context.Context, m Mark) error
	// Pending lists up to limit submissions stored but not yet queued, submitted
	// before the given time, oldest first: the work of the scheduled re-dispatch.
	// A stub (redacted) is never listed: there is nothing left to hand over.
	Pending(ctx context.Context, before time.Time, limit int) ([]*Submission, error)
	// Ended lists up to limit submissions that ended (closed or rejected: see
	// Ended) with their last change before the given time and their personal
	// data still stored (not redacted), in no set order: the work of the
	// retention job.
	Ended(ctx context.Context, before time.Time, limit int) ([]*Submission, error)
	// Redact writes r if the stored submission is still at r.Expect: it removes
	// the personal data, writes the stub's status, history and version, takes
	// it off the worklist and the pending list, deletes the idempotency record
	// r.Record if that still names the submission, and adds r.Audit, all or
	// nothing. Like Update, a submission that moved on fails with a
	// *StaleError, a missing one with apperr.ErrNotFound. Which data goes is
	// the domain's (Submission.Redact, Submission.Erase).
	Redact(ctx context.Context, r Redaction) error
}

// Queue puts claim-check messages on the agencies' queues. Implementations wrap
// failures in apperr.ErrUnavailable.
type Queue interface {
	Send(ctx context.Context, to agency.Code, m Message) error
}

// The ways Store.Create can conflict.
var (
	ErrReferenceTaken = fmt.Errorf("reference taken: %w", apperr.ErrConflict)
	ErrKeyTaken       = fmt.Errorf("idempotency key taken: %w", apperr.ErrConflict)
)

// Keys gives the server-side keys, derived from a secret kept out of the table
// (package keyring), one per purpose; a failure to read the secret is an
// apperr.ErrUnavailable.
type Keys interface {
	Key(ctx context.Context, purpose string) ([]byte, error)
}

// Notifier tells a firm that its submission arrived, and later that it changed
// in a way the firm can see. It is optional: a failure is logged and never fails
// the submission or the staff move, which are durably stored by then.
type Notifier interface {
	Received(ctx context.Context, n Notice) error
	Changed(ctx context.Context, n Notice) error
}

// Notice is all a message to the firm may say: the reference, who handles it
// and, for a change, the new status. It never carries the form's contents or
// the agency's answer, since e-mail travels and lingers in mailboxes beyond our
// control: the firm reads those on the status page, with its token.
type Notice struct {
	To          string // the contact's e-mail address
	Lang        forms.Lang
	Reference   string
	Kind        forms.Kind
	Agency      agency.Code // after a transfer, the new one
	SubmittedAt time.Time
	Status      Status // a change's new status; "" in a confirmation
}

// StaffStore is the store as the staff side uses it: the submissions, and the
// agencies' worklists, activity and audit trails. Every list is of one agency,
// named by the caller, which takes it from the staff member's token.
type StaffStore interface {
	Store
	// Worklist lists up to q.Limit submissions waiting on an agency's worklist
	// (queued and listed), urgent first, then oldest first.
	Worklist(ctx context.Context, q WorklistQuery) ([]Summary, error)
	// Activity lists an agency's submissions, newest activity (UpdatedAt)
	// first, and where the next page starts; nil when there is none.
	Activity(ctx context.Context, q ActivityQuery) ([]Summary, *Position, error)
	// Count returns how many of an agency's submissions are in status.
	Count(ctx context.Context, of agency.Code, status Status) (int, error)
	// AddAudit appends one entry to a submission's audit trail.
	AddAudit(ctx context.Context, e AuditEntry) error
	// AuditTrail returns a submission's audit entries, oldest first.
	AuditTrail(ctx context.Context, reference string) ([]AuditEntry, error)
}

// Summary is a submission as lists show it: its routing and lifecycle, never
// its form.
type Summary struct {
	Reference   string
	Kind        forms.Kind
	Status      Status
	Agency      agency.Code
	Urgent      bool
	SubmittedAt time.Time
	UpdatedAt   time.Time
	AnsweredAt  *time.Time
	Claim       *Claim
	Version     int64
}

// Urgency selects a part of a worklist.
type Urgency string

// The parts of a worklist; "" is the whole list.
const (
	UrgencyUrgent Urgency = "urgent"
	UrgencyNormal Urgency = "normal"
)

// WorklistQuery selects waiting submissions of one agency.
type WorklistQuery struct {
	Agency  agency.Code
	Urgency Urgency // "": urgent ones, then the others
	Limit   int
}

// ActivityQuery selects an agency's submissions by their last activity.
type ActivityQuery struct {
	Agency agency.Code
	Status Status    // "": every status
	Since  time.Time // zero: from the start; else UpdatedAt at or after it
	After  *Position // nil: the first page
	Limit  int
}

// Position is where a page of Activity ended: its last submission.
type Position struct {
	UpdatedAt time.Time
	Reference string
}
