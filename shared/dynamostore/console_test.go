package dynamostore_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/apperr"
)

func TestSessions(t *testing.T) {
	ctx := context.Background()
	s := newStore()
	key := "session-" + time.Now().Format("150405.000000000")
	if _, err := s.Session(ctx, key); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("before it is put: %v, want ErrNotFound", err)
	}
	if err := s.PutSession(ctx, key, []byte("sealed-1"), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSession(ctx, key, []byte("sealed-2"), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Session(ctx, key); err != nil || !bytes.Equal(got, []byte("sealed-2")) {
		t.Fatalf("Session = %q, %v; want the second put", got, err)
	}
	if err := s.DeleteSession(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, key); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("after DeleteSession: %v, want ErrNotFound", err)
	}
	// Past its expiry, before TTL removes it: gone.
	if err := s.PutSession(ctx, key, []byte("sealed-3"), time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, key); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("an expired session: %v, want ErrNotFound", err)
	}
}
