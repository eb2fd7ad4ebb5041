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
	// Update writes ch if the stored submission is still at ch.Expect: its
	// status, and its version (0 matches an item written before versions). A
	// submission that moved on fails with a *StaleError (apperr.ErrPrecondition)
	// that carries it; a missing one with apperr.ErrNotFound. This is the one
	// write after Create; what it writes is decided by the domain (Apply,
	// MarkQueued), never by the store.
	Update(ctx context.Context, ch Change) error
	// Pending lists up to limit submissions stored but not yet queued, submitted
	// before the given time, oldest first: the work of the scheduled re-dispatch.
	Pending(ctx context.Context, before time.Time, limit int) ([]*Submission, error)
	// Ended lists up to limit submissions that ended (closed or rejected: see
	// Ended) with their last change before the given time and their personal
	// data still stored (not redacted), in no set order: the work of the
	// retention job.
	Ended(ctx context.Context, before time.Time, limit int) ([]*Submission, error)
	// Redact writes r if the stored submission is still at r.Expect: it removes
	// the personal data and writes the stub's history. Like Update, a submission
	// that moved on fails with a *StaleError, a missing one with
	// apperr.ErrNotFound. Which data goes is the domain's (Submission.Redact).
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

// Notifier tells a firm that its submission arrived. It is optional: a failure
// is logged and never fails the submission, which is durably stored by then.
type Notifier interface {
	Received(ctx context.Context, n Notice) error
}

// Notice is all a confirmation may say: the reference and who handles it. It
// never carries the form's contents, since e-mail travels and lingers in
// mailboxes beyond our control.
type Notice struct {
	To          string // the contact's e-mail address
	Lang        forms.Lang
	Reference   string
	Kind        forms.Kind
	Agency      agency.Code
	SubmittedAt time.Time
}
