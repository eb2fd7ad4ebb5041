package apperr_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/putuo-compliance/intake/shared/apperr"
)

func TestKindOf(t *testing.T) {
	tests := []struct {
		give error
		want apperr.Kind
	}{
		{nil, ""},
		{errors.New("boom"), apperr.KindInternal},
		{apperr.ErrInvalid, apperr.KindInvalid},
		{&apperr.InvalidError{Fields: []apperr.FieldError{{Field: "x"}}}, apperr.KindInvalid},
		{fmt.Errorf("op: %w", apperr.ErrMalformed), apperr.KindMalformed},
		{apperr.ErrTooLarge, apperr.KindTooLarge},
		{apperr.ErrMediaType, apperr.KindMediaType},
		{apperr.ErrUnauthorized, apperr.KindUnauthorized},
		{apperr.ErrForbidden, apperr.KindForbidden},
		{apperr.ErrNotFound, apperr.KindNotFound},
		{fmt.Errorf("key taken: %w", apperr.ErrConflict), apperr.KindConflict},
		{apperr.ErrPrecondition, apperr.KindPrecondition},
		{apperr.ErrPreconditionRequired, apperr.KindPreconditionRequired},
		{fmt.Errorf("client over its limit: %w", apperr.ErrLimited), apperr.KindLimited},
		{apperr.Unavailable(errors.New("throttled")), apperr.KindUnavailable},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.give), func(t *testing.T) {
			if got := apperr.KindOf(tt.give); got != tt.want {
				t.Errorf("KindOf(%v) = %q, want %q", tt.give, got, tt.want)
			}
		})
	}
}

func TestWrap(t *testing.T) {
	f := func(fail bool) (err error) {
		defer apperr.Wrap(&err, "store.Get(%q)", "C-1")
		if fail {
			return apperr.ErrNotFound
		}
		return nil
	}
	if err := f(false); err != nil {
		t.Fatalf("Wrap made an error of nil: %v", err)
	}
	if err := f(true); !errors.Is(err, apperr.ErrNotFound) || err.Error() != `store.Get("C-1"): not found` {
		t.Fatalf("Wrap = %v", err)
	}
}
