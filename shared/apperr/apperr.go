// Package apperr holds the few kinds of error the system distinguishes. Adapters wrap
// their failures in one of these kinds; the HTTP edge maps kinds to status codes in
// one table. Anything that is none of these is an internal error.
package apperr

import (
	"errors"
	"fmt"
)

// The error kinds. Test with errors.Is.
var (
	ErrInvalid      = errors.New("invalid")
	ErrUnauthorized = errors.New("unauthorized") // no valid identity (401)
	ErrForbidden    = errors.New("forbidden")    // an identity without the right (403)
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflict")            // the request clashes with the current state (409)
	ErrPrecondition = errors.New("precondition failed") // a stale version, If-Match (412)
	ErrUnavailable  = errors.New("unavailable")
)

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
