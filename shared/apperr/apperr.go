// Package apperr holds the few kinds of error the system distinguishes. Adapters wrap
// their failures in one of these kinds; KindOf classifies an error once, and both the
// HTTP edge (kind to status, shared/httpedge) and the metrics (kind to outcome,
// shared/intake/metrics.go) derive from that one classification. Anything that is
// none of these is an internal error.
package apperr

import (
	"errors"
	"fmt"
	"time"
)

// The error kinds. Test with errors.Is.
var (
	ErrInvalid      = errors.New("invalid")
	ErrUnauthorized = errors.New("unauthorized") // no valid identity (401)
	ErrForbidden    = errors.New("forbidden")    // an identity without the right (403)
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflict")            // the request clashes with the current state (409)
	ErrPrecondition = errors.New("precondition failed") // a stale version, If-Match (412)
	ErrLimited      = errors.New("too many requests")   // a client or address over its limit (429)
	// ErrPreconditionRequired: a change that needs the version it was made on
	// came without one (428): no If-Match.
	ErrPreconditionRequired = errors.New("precondition required")
	ErrUnavailable          = errors.New("unavailable")

	// Failures of a request's body, found at the edge before the domain sees it.
	ErrMalformed = errors.New("malformed request")      // a body that cannot be read at all (400)
	ErrTooLarge  = errors.New("request too large")      // a body over the edge's limit (413)
	ErrMediaType = errors.New("unsupported media type") // a body of a type the route does not take (415)
)

// Kind is the class of an error: what the edge answers with and what the metrics
// count. Its value is a stable name, used as a metric dimension value.
type Kind string

// The kinds, one for each sentinel above, and KindInternal for everything else.
const (
	KindInvalid              Kind = "invalid"
	KindMalformed            Kind = "malformed"
	KindTooLarge             Kind = "too-large"
	KindMediaType            Kind = "unsupported-media-type"
	KindUnauthorized         Kind = "unauthorized"
	KindForbidden            Kind = "forbidden"
	KindNotFound             Kind = "not-found"
	KindConflict             Kind = "conflict"
	KindPrecondition         Kind = "precondition-failed"
	KindPreconditionRequired Kind = "precondition-required"
	KindLimited              Kind = "too-many-requests"
	KindUnavailable          Kind = "unavailable"
	KindInternal             Kind = "internal"
)

// kinds is the classification, in the order KindOf tries it: an error that wraps
// two sentinels is of the first kind listed.
var kinds = []struct {
	err  error
	kind Kind
}{
	{ErrInvalid, KindInvalid},
	{ErrMalformed, KindMalformed},
	{ErrTooLarge, KindTooLarge},
	{ErrMediaType, KindMediaType},
	{ErrUnauthorized, KindUnauthorized},
	{ErrForbidden, KindForbidden},
	{ErrNotFound, KindNotFound},
	{ErrConflict, KindConflict},
	{ErrPrecondition, KindPrecondition},
	{ErrPreconditionRequired, KindPreconditionRequired},
	{ErrLimited, KindLimited},
	{ErrUnavailable, KindUnavailable},
}

// KindOf classifies err: the kind of the first sentinel it wraps, else
// KindInternal. nil is no failure, so it has no kind ("").
func KindOf(err error) Kind {
	if err == nil {
		return ""
	}
	for _, k := range kinds {
		if errors.Is(err, k.err) {
			return k.kind
		}
	}
	return KindInternal
}

// FieldError names one invalid value by its JSON path, with a stable code and a
// message in the user's language.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// InvalidError carries every field error of one request. It is an ErrInvalid.
type InvalidError struct {
	Message string
	Fields  []FieldError
}

func (e *InvalidError) Error() string {
	return fmt.Sprintf("invalid: %d field error(s)", len(e.Fields))
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *InvalidError) Is(target error) bool { return target == ErrInvalid }

// LimitedError is a request refused because its client is over a limit. It is
// an ErrLimited; RetryAfter is when the limit lets it through again.
type LimitedError struct {
	What       string // which limit, for the logs: never the client's address
	RetryAfter time.Duration
}

func (e *LimitedError) Error() string {
	return fmt.Sprintf("too many requests: %s; retry after %s", e.What, e.RetryAfter.Round(time.Second))
}

// Is makes errors.Is(err, ErrLimited) true.
func (e *LimitedError) Is(target error) bool { return target == ErrLimited }

// Wrap annotates *errp with the operation name when it is non-nil, so each function
// adds its context once: defer apperr.Wrap(&err, "store.Create(%q)", ref).
func Wrap(errp *error, format string, args ...any) {
	if *errp != nil {
		*errp = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), *errp)
	}
}

// Unavailable marks err as a passing failure of a dependency (store, queue).
func Unavailable(err error) error {
	return fmt.Errorf("%w: %w", ErrUnavailable, err)
}
