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

func TestFailures(t *testing.T) {
	ctx := context.Background()
	s := newStore()
	key := "user#" + time.Now().Format("150405.000000000")
	count := func() (int, time.Time) {
		t.Helper()
		n, last, err := s.Failures(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		return n, last
	}
	if n, _ := count(); n != 0 {
		t.Fatalf("%d failures before any", n)
	}
	start := time.Now().UTC().Truncate(time.Millisecond)
	for i := range 3 {
		if err := s.AddFailure(ctx, key, start.Add(time.Duration(i)*time.Second), start.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if n, last := count(); n != 3 || !last.Equal(start.Add(2*time.Second)) {
		t.Errorf("%d failures, the last at %s; want 3, at %s", n, last, start.Add(2*time.Second))
	}
	if err := s.ForgetFailures(ctx, key); err != nil {
		t.Fatal(err)
	}
	if n, _ := count(); n != 0 {
		t.Errorf("%d failures after ForgetFailures", n)
	}

	// A count that lapsed (TTL has not removed it yet) reads as none, and the
	// next failure starts it again from one.
	past := time.Now().Add(-2 * time.Hour)
	for range 4 {
		if err := s.AddFailure(ctx, key, past, past.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := count(); n != 0 {
		t.Errorf("%d failures read from a lapsed count", n)
	}
	if err := s.AddFailure(ctx, key, time.Now(), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n, _ := count(); n != 1 {
		t.Errorf("%d failures after a lapsed count, want 1", n)
	}
}
