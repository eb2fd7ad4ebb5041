package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/intake"
)

// Pending lists what is not yet queued, oldest first, submitted strictly before
// the given time.
func testPending(t *testing.T, store intake.Store) {
	ctx := context.Background()
	// The fractions and the zone check that submission times sort as times do,
	// also when a time is written in another zone.
	t0 := time.Date(2001, 1, 1, 0, 0, 5, 0, time.UTC)
	shanghai := time.FixedZone("CST", 8*3600)
	at := []time.Time{
		t0,                                    // a
		t0.Add(500 * time.Millisecond),        // b
		t0.Add(time.Second).In(shanghai),      // c
		t0.Add(time.Second + time.Nanosecond), // d
		t0.Add(2 * time.Second),               // e: queued, never pending
		t0.Add(10 * time.Second),              // f
	}
	refs := make([]string, len(at))
	for _, i := range []int{3, 0, 5, 1, 4, 2} { // stored out of order
		refs[i] = NewRef()
		s := NewSubmission(refs[i], at[i])
		if i == 4 {
			s.Queued, s.Status = true, intake.StatusQueued
		}
		if err := store.Create(ctx, s, nil); err != nil {
			t.Fatal(err)
		}
	}
	a, b, c, d, f := refs[0], refs[1], refs[2], refs[3], refs[5]
	tests := []struct {
		name   string
		before time.Time
		limit  int
		want   []string
	}{
		{"all, oldest first", t0.Add(time.Hour), 100, []string{a, b, c, d, f}},
		{"before is exclusive", t0.Add(time.Second), 100, []string{a, b}},
		{"nanosecond after", t0.Add(time.Second + time.Nanosecond).In(shanghai), 100, []string{a, b, c}},
		{"limit", t0.Add(time.Hour), 2, []string{a, b}},
		{"none before", t0, 100, nil},
		{"zero limit", t0.Add(time.Hour), 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			subs, err := store.Pending(ctx, tt.before, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range subs {
				got = append(got, s.Reference)
				if s.Queued || len(s.Form) == 0 || s.CorrelationID == "" {
					t.Errorf("Pending returned %s without its full item", s.Reference)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Pending = %v, want %v", got, tt.want)
			}
		})
	}
}
