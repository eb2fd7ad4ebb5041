package intake_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
)

// A malformed reference, or a staff member without an agency, is answered
// "not found" without asking the store: with the store down, still 404.
func TestUnknownWithoutAskingTheStore(t *testing.T) {
	d := newDesk()
	sub := d.waiting(t, false, time.Hour)
	d.store.Fail = apperr.Unavailable(errors.New("down"))
	for _, tt := range []struct {
		name string
		by   intake.Actor
		ref  string
	}{
		{"malformed reference", proc, "C-0000-000"},
		{"no agency", intake.Staff("staff-none", "", false), sub.Reference},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := d.Read(context.Background(), tt.by, tt.ref); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("Read = %v, want ErrNotFound", err)
			}
		})
	}
}

// An export takes the submissions submitted in [from, to): from itself in, to
// out, and not one submitted before the period though active during it.
func TestExportTakesThePeriodBySubmission(t *testing.T) {
	ctx := context.Background()
	d := newDesk()
	from, to := now.Add(-24*time.Hour), now.Add(-2*time.Hour)
	atFrom := d.waiting(t, false, 24*time.Hour)
	inside := d.waiting(t, false, 3*time.Hour)
	atTo := d.waiting(t, false, 2*time.Hour)
	after := d.waiting(t, false, time.Hour)
	before := d.waiting(t, false, 30*time.Hour)
	touched := intake.Change{Reference: before.Reference, Expect: intake.Expect{Status: intake.StatusQueued, Version: 3, Queued: true, Listed: true},
		Status: intake.StatusQueued, Agency: agency.Procuratorate, Queued: true, Listed: true, Version: 4, UpdatedAt: now.Add(-time.Hour)}
	if err := d.store.Update(ctx, touched); err != nil {
		t.Fatal(err)
	}
	got, err := d.Export(ctx, proc, from, to)
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, s := range got {
		refs = append(refs, s.Reference)
	}
	if want := []string{atFrom.Reference, inside.Reference}; fmt.Sprint(refs) != fmt.Sprint(want) {
		t.Errorf("exported %v, want %v; not %s (at to), %s (after), %s (before, active since)", refs, want, atTo.Reference, after.Reference, before.Reference)
	}
}

// An export holds at most MaxExport submissions: that many are exported, one
// more is refused.
func TestExportAtMost(t *testing.T) {
	ctx := context.Background()
	d := newDesk()
	for i := range intake.MaxExport {
		d.waiting(t, false, time.Duration(i+1)*time.Second)
	}
	got, err := d.Export(ctx, proc, now.Add(-time.Hour), now)
	if err != nil || len(got) != intake.MaxExport {
		t.Fatalf("%d submissions: exported %d, %v", intake.MaxExport, len(got), err)
	}
	d.waiting(t, false, 0)
	var in *intake.InputError
	if _, err := d.Export(ctx, proc, now.Add(-time.Hour), now.Add(time.Second)); !errors.As(err, &in) || in.Code != intake.CodeTooMany {
		t.Errorf("%d submissions: %v, want %s", intake.MaxExport+1, err, intake.CodeTooMany)
	}
}

// cursorOf encodes a cursor's JSON as List's cursors are encoded.
func cursorOf(json string) string { return base64.RawURLEncoding.EncodeToString([]byte(json)) }

// padded is a cursor's JSON for a real position, grown with a field the
// decoder ignores to n bytes.
func padded(t *testing.T, ref string, n int) string {
	t.Helper()
	head := `{"t":"2026-11-26T10:00:00Z","r":"` + ref + `","p":"`
	if n < len(head)+2 {
		t.Fatalf("a cursor of %d bytes cannot hold %s", n, head)
	}
	return head + strings.Repeat("x", n-len(head)-2) + `"}`
}

// List takes back only cursors it could have made: up to 200 characters, with
// a time, and the reference as List writes it.
func TestListRefusesForgedCursors(t *testing.T) {
	ctx := context.Background()
	d := newDesk()
	sub := d.waiting(t, false, time.Hour)
	tests := []struct {
		name   string
		cursor string
		ok     bool
	}{
		{"200 characters", cursorOf(padded(t, sub.Reference, 150)), true}, // 150 bytes: 200 characters of base64
		{"202 characters", cursorOf(padded(t, sub.Reference, 151)), false},
		{"no time", cursorOf(`{"r":"` + sub.Reference + `"}`), false},
		{"a reference as typed, not as written", cursorOf(`{"t":"2026-11-26T10:00:00Z","r":"` + strings.ToLower(sub.Reference) + `"}`), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := d.List(ctx, proc, intake.ListQuery{Cursor: tt.cursor})
			var in *intake.InputError
			switch {
			case tt.ok && err != nil:
				t.Errorf("List(%d characters) = %v, want a page", len(tt.cursor), err)
			case !tt.ok && (!errors.As(err, &in) || in.Code != intake.CodeInvalidCursor):
				t.Errorf("List(%d characters) = %v, want %s", len(tt.cursor), err, intake.CodeInvalidCursor)
			}
		})
	}
}

// Figures count the first answers of the last AnswerWindow (30 days): one
// ten days ago counts, one 31 days ago does not.
func TestFiguresAnswerWindow(t *testing.T) {
	ctx := context.Background()
	d := newDesk()
	for _, ago := range []time.Duration{10 * 24 * time.Hour, 31 * 24 * time.Hour} {
		*d.clock = now.Add(-ago - time.Hour)
		sub, err := d.ClaimReference(ctx, proc, d.waiting(t, false, ago+2*time.Hour).Reference)
		if err != nil {
			t.Fatal(err)
		}
		*d.clock = now.Add(-ago)
		if _, err := d.Act(ctx, proc, sub.Reference, sub.Version, intake.Command{Action: intake.ActionAnswer, Answer: &intake.Answer{Public: "a"}}); err != nil {
			t.Fatal(err)
		}
	}
	*d.clock = now
	f, err := d.Figures(ctx, proc)
	if err != nil {
		t.Fatal(err)
	}
	if f.Answered != 1 {
		t.Errorf("answered %d, want 1 (ten days ago, not 31)", f.Answered)
	}
}
