package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/intake"
)

// RunCounter runs the contract of intake.Counter against the counters
// newCounter returns, each of them empty.
func RunCounter(t *testing.T, newCounter func(t *testing.T) intake.Counter) {
	t.Run("Take", func(t *testing.T) { testTake(t, newCounter(t)) })
	t.Run("TakeConcurrent", func(t *testing.T) { testTakeConcurrent(t, newCounter(t)) })
}

// A budget lets limit uses through, then none; other budgets are untouched.
func testTake(t *testing.T, c intake.Counter) {
	ctx := context.Background()
	expires := time.Now().Add(time.Hour)
	key, other := "client#"+NewRef(), "client#"+NewRef()
	for i := range 3 {
		if ok, err := c.Take(ctx, key, 3, expires); err != nil || !ok {
			t.Fatalf("take %d of 3 = %v, %v; want taken", i+1, ok, err)
		}
	}
	for range 2 {
		if ok, err := c.Take(ctx, key, 3, expires); err != nil || ok {
			t.Fatalf("take over the limit = %v, %v; want refused", ok, err)
		}
	}
	if ok, err := c.Take(ctx, other, 3, expires); err != nil || !ok {
		t.Fatalf("another budget = %v, %v; want taken", ok, err)
	}
	// A higher limit (a parameter raised) lets the same budget go on.
	if ok, err := c.Take(ctx, key, 4, expires); err != nil || !ok {
		t.Fatalf("take under a raised limit = %v, %v; want taken", ok, err)
	}
}

// Concurrent takes of one budget let exactly limit through.
func testTakeConcurrent(t *testing.T, c intake.Counter) {
	ctx := context.Background()
	key := "recipient#" + NewRef()
	const limit, n = 3, 12
	var mu sync.Mutex
	var taken int
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			ok, err := c.Take(ctx, key, limit, time.Now().Add(time.Hour))
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				taken++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if taken != limit {
		t.Fatalf("%d of %d concurrent takes went through, want %d", taken, n, limit)
	}
}
