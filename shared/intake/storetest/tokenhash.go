package storetest

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
)

// TokenHash gives the stored hash of a submission's token, and ErrNotFound for
// any reference nobody has, well-formed or not.
func testTokenHash(t *testing.T, store intake.Store) {
	ctx := context.Background()
	sub := NewSubmission(NewRef(), time.Now())
	if err := store.Create(ctx, sub, nil); err != nil {
		t.Fatal(err)
	}
	got, err := store.TokenHash(ctx, sub.Reference)
	if err != nil || !bytes.Equal(got, sub.TokenHash) {
		t.Fatalf("TokenHash = %x, %v; want %x", got, err, sub.TokenHash)
	}
	for _, ref := range []string{"C-NONE-0000", "X-0000-0000", ""} {
		if _, err := store.TokenHash(ctx, ref); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("TokenHash(%q): err = %v, want ErrNotFound", ref, err)
		}
	}
}
