package intake_test

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/intaketest"
	"github.com/putuo-compliance/intake/shared/logging"
)

// From every state it may start from, an erasure leaves the stub that
// retention leaves, erased: no form, answer, schedule, claim or record name,
// no actor or text in any event, its own event without who or why; one more
// version; and a Redaction that writes exactly that stub.
func TestErase(t *testing.T) {
	for _, from := range []intake.Status{intake.StatusReceived, intake.StatusQueued, intake.StatusInReview,
		intake.StatusAnswered, intake.StatusScheduled, intake.StatusRejected, intake.StatusClosed} {
		t.Run(string(from), func(t *testing.T) {
			sub := submissionAt(from)
			sub.Form = []byte(`{"contact":{"name":"张三"}}`)
			sub.Answer = &intake.Answer{Public: "请张三报警", Internal: "13812345678"}
			sub.Schedule = &intake.Schedule{At: actedAt, Place: "上海市普陀区某路 1 号"}
			sub.IdempotencyRecord = "record-name"
			sub.History = append(sub.History, intake.Event{At: claimedAt, Actor: holder.ID, Action: intake.ActionNote,
				From: from, To: from, Note: "legal@example.com", Internal: "张三"})
			before := sub.Clone()
			c := validCommand(intake.ActionErase)
			r, err := sub.Erase(c)
			if err != nil {
				t.Fatal(err)
			}
			if sub.Status != intake.StatusErased || sub.Form != nil || sub.Answer != nil || sub.Schedule != nil ||
				sub.Claim != nil || sub.IdempotencyRecord != "" {
				t.Errorf("stub %+v", sub)
			}
			if sub.Version != before.Version+1 || !sub.UpdatedAt.Equal(actedAt) || sub.RedactedAt == nil || !sub.RedactedAt.Equal(actedAt) {
				t.Errorf("version %d, updated %v, redacted %v", sub.Version, sub.UpdatedAt, sub.RedactedAt)
			}
			if len(sub.History) != len(before.History)+1 {
				t.Fatalf("history %+v", sub.History)
			}
			for _, e := range sub.History {
				if e.Actor != "" || e.Note != "" || e.Internal != "" {
					t.Errorf("event %+v keeps who or what", e)
				}
			}
			wantEv := intake.Event{At: actedAt, Action: intake.ActionErase, From: from, To: intake.StatusErased, Public: true}
			if got := sub.History[len(sub.History)-1]; !reflect.DeepEqual(got, wantEv) {
				t.Errorf("erasure event %+v, want %+v", got, wantEv)
			}
			if r.Expect != (intake.Expect{Status: from, Version: before.Version, Queued: before.Queued, Listed: before.Listed}) || r.Record != "record-name" ||
				r.Status != intake.StatusErased || r.Agency != before.Agency || r.Audit != nil {
				t.Errorf("redaction %+v", r)
			}
			if got := before.Redacted(r); !reflect.DeepEqual(got, sub) {
				t.Errorf("before.Redacted(r) = %+v\nwant %+v", got, sub)
			}
		})
	}
}

// A stub that retention made keeps the time its data went when it is erased
// on request later; Erase takes only erasures, and Apply none.
func TestEraseOddCases(t *testing.T) {
	sub := submissionAt(intake.StatusClosed)
	retained := claimedAt.Add(time.Minute)
	sub.Redact(retained)
	r, err := sub.Erase(validCommand(intake.ActionErase))
	if err != nil || !r.RedactedAt.Equal(retained) || !sub.RedactedAt.Equal(retained) || sub.Status != intake.StatusErased {
		t.Errorf("erasing a retention stub = %v, redacted at %v, want it kept at %v", err, r.RedactedAt, retained)
	}
	var te *intake.TransitionError
	open := submissionAt(intake.StatusInReview)
	if _, err := open.Erase(validCommand(intake.ActionAnswer)); !errors.As(err, &te) || te.Code != intake.CodeUnknownAction || open.Status != intake.StatusInReview {
		t.Errorf("Erase(answer) = %v", err)
	}
	if _, err := open.Apply(validCommand(intake.ActionErase)); !errors.As(err, &te) || te.Code != intake.CodeUnknownAction || open.Form != nil && open.Status != intake.StatusInReview {
		t.Errorf("Apply(erase) = %v", err)
	}
}

// A supervisor erases a submission under review that was made with an
// Idempotency-Key: the stub is stored, the record deleted, the audit trail
// says who, when and why, the firm is told at its address and its status
// lookup shows the stub, and the reason is in no log line. Anyone else, a
// stale version or a missing reason is refused with nothing changed.
func TestDeskErase(t *testing.T) {
	ctx := context.Background()
	svc, store, _ := newService()
	body := fixture(t, "consultation.json")
	r, err := svc.Submit(ctx, intake.SubmitRequest{Kind: forms.KindConsultation, Body: body, Lang: forms.ZH, IdempotencyKey: "key-1"})
	if err != nil {
		t.Fatal(err)
	}
	record, err := intake.RecordKey(ctx, intaketest.Keys, forms.KindConsultation, "91310107MA1G8K3Q33", "key-1")
	if err != nil {
		t.Fatal(err)
	}
	if sub, _ := store.Get(ctx, r.Reference); sub.IdempotencyRecord != record {
		t.Fatalf("the submission names record %q, want %q", sub.IdempotencyRecord, record)
	}
	act(t, store, r.Reference, now.Add(time.Hour), intake.Command{Action: intake.ActionClaim})
	notifier := &intaketest.Notifier{}
	at := now.Add(2 * time.Hour)
	d := &intake.Desk{Store: store, Notifier: notifier, Now: func() time.Time { return at }}
	staff := intake.Staff("staff-li", r.Agency, false)
	super := intake.Staff("super-wang", r.Agency, true)
	elsewhere := intake.Staff("super-zhao", agency.Cyberspace, true)
	const reason = "企业 12 月 1 日来函要求删除（编号 2026-017）"
	current, _ := store.Get(ctx, r.Reference)

	tests := []struct {
		name    string
		by      intake.Actor
		version int64
		reason  string
		want    error
	}{
		{"staff who are not supervisors", staff, current.Version, reason, apperr.ErrForbidden},
		{"another agency's supervisor", elsewhere, current.Version, reason, apperr.ErrNotFound},
		{"a stale version", super, current.Version - 1, reason, apperr.ErrPrecondition},
		{"no reason", super, current.Version, " ", apperr.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := d.Erase(ctx, tt.by, r.Reference, tt.version, tt.reason); !errors.Is(err, tt.want) {
				t.Fatalf("Erase = %v, want %v", err, tt.want)
			}
			got, _ := store.Get(ctx, r.Reference)
			if got.Version != current.Version || len(got.Form) == 0 || got.Status != intake.StatusInReview {
				t.Errorf("a refused erasure changed the submission: %+v", got)
			}
			if _, err := store.GetIdempotency(ctx, record); err != nil {
				t.Errorf("a refused erasure deleted the record: %v", err)
			}
		})
	}
	if trail, _ := store.AuditTrail(ctx, r.Reference); len(trail) != 0 {
		t.Fatalf("refused erasures were audited: %+v", trail)
	}

	var logs bytes.Buffer
	lctx, _ := logging.Start(ctx, logging.New(&logs, "info"), nil)
	stub, err := d.Erase(lctx, super, strings.ToLower(r.Reference), current.Version, " "+reason+" ")
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := store.Get(ctx, r.Reference)
	if !reflect.DeepEqual(stub, stored) || stored.Status != intake.StatusErased || len(stored.Form) != 0 || stored.Claim != nil || stored.RedactedAt == nil {
		t.Errorf("returned %+v\nstored %+v", stub, stored)
	}
	if _, err := store.GetIdempotency(ctx, record); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("the idempotency record is still there: %v", err)
	}
	trail, _ := store.AuditTrail(ctx, r.Reference)
	want := intake.AuditEntry{Reference: r.Reference, Agency: r.Agency, Actor: super.ID, Action: "erase", At: at, Reason: reason}
	if len(trail) != 1 || !reflect.DeepEqual(trail[0], want) {
		t.Errorf("audit trail %+v, want %+v", trail, want)
	}
	if n := len(notifier.Changes); n != 1 || notifier.Changes[0].To != "legal@example.com" || notifier.Changes[0].Status != intake.StatusErased {
		t.Errorf("the firm was told %+v", notifier.Changes)
	}
	seen, err := svc.Status(ctx, r.Reference, r.StatusToken)
	if err != nil || seen.Status != intake.StatusErased || len(seen.Form) != 0 {
		t.Errorf("the firm's lookup: %+v, %v", seen, err)
	}
	if !strings.Contains(logs.String(), "personal data erased on request") {
		t.Errorf("the erasure was not logged:\n%s", logs.String())
	}
	for _, secret := range []string{"12 月 1 日", "2026-017", "张三", "legal@example.com", "13812345678"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the logs carry %q:\n%s", secret, logs.String())
		}
	}
	var te *intake.TransitionError
	if _, err := d.Erase(ctx, super, r.Reference, stored.Version, reason); !errors.As(err, &te) || te.Code != intake.CodeInvalidTransition {
		t.Errorf("erasing twice = %v, want %s", err, intake.CodeInvalidTransition)
	}
}
