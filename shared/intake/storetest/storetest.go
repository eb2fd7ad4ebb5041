// Package storetest is the contract of intake.Store, as tests that every
// implementation runs: the in-memory fake of intaketest and dynamostore on moto
// alike, so that the two cannot drift apart.
package storetest

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
)

// Run runs the contract against the stores newStore returns. Each call must
// return an empty store that no other call's writes reach (Pending and the
// staff lists see all it holds), whose idempotency records expire by the wall
// clock.
func Run(t *testing.T, newStore func(t *testing.T) intake.StaffStore) {
	t.Run("CreateGet", func(t *testing.T) { testCreateGet(t, newStore(t)) })
	t.Run("GetMissing", func(t *testing.T) { testGetMissing(t, newStore(t)) })
	t.Run("TokenHash", func(t *testing.T) { testTokenHash(t, newStore(t)) })
	t.Run("CreateConflicts", func(t *testing.T) { testCreateConflicts(t, newStore(t)) })
	t.Run("GetIdempotency", func(t *testing.T) { testGetIdempotency(t, newStore(t)) })
	t.Run("Update", func(t *testing.T) { testUpdate(t, newStore(t)) })
	t.Run("UpdateRefused", func(t *testing.T) { testUpdateRefused(t, newStore(t)) })
	t.Run("MarkQueued", func(t *testing.T) { testMarkQueued(t, newStore(t)) })
	t.Run("Pending", func(t *testing.T) { testPending(t, newStore(t)) })
	t.Run("Ended", func(t *testing.T) { testEnded(t, newStore(t)) })
	t.Run("Redact", func(t *testing.T) { testRedact(t, newStore(t)) })
	t.Run("RedactRecord", func(t *testing.T) { testRedactRecord(t, newStore(t)) })
	t.Run("Erase", func(t *testing.T) { testErase(t, newStore(t)) })
	t.Run("Worklist", func(t *testing.T) { testWorklist(t, newStore(t)) })
	t.Run("WorklistFollowsMoves", func(t *testing.T) { testWorklistFollowsMoves(t, newStore(t)) })
	t.Run("Enlist", func(t *testing.T) { testEnlist(t, newStore(t)) })
	t.Run("Mark", func(t *testing.T) { testMark(t, newStore(t)) })
	t.Run("BookkeepingUnderStaff", func(t *testing.T) { testBookkeepingUnderStaff(t, newStore(t)) })
	t.Run("Activity", func(t *testing.T) { testActivity(t, newStore(t)) })
	t.Run("Count", func(t *testing.T) { testCount(t, newStore(t)) })
	t.Run("Audit", func(t *testing.T) { testAudit(t, newStore(t)) })
}

// refSeq numbers references from a point that differs between runs.
var refSeq atomic.Int64

func init() { refSeq.Store(time.Now().UnixNano() % 400_000_000_000) }

// NewRef returns a valid reference (intake.NormalizeReference accepts it)
// unique in this run.
func NewRef() string {
	const alphabet = "23456789ABCDEFGHJKMNPQRSTWXYZ"
	n := refSeq.Add(1)
	var b [8]byte
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = alphabet[n%int64(len(alphabet))]
		n /= int64(len(alphabet))
	}
	return "C-" + string(b[:4]) + "-" + string(b[4:])
}

// testForm exercises what a form can hold: nesting, lists, numbers, booleans,
// null, empty values, Chinese text and characters JSON encoders like to escape.
const testForm = `{"company":{"name":"上海某网络科技有限公司","creditCode":"91310107MA1G8K3Q33","industry":"gaming"},
 "contact":{"name":"张三","title":"法务总监","mobile":"13812345678","email":"legal@example.com"},
 "language":"zh-CN","consent":{"accepted":true,"version":"2026-11"},
 "incident":{"role":"victim","category":"online-fraud","occurredOn":"2026-11-01","title":"<script>&amp;",
  "reportedToPolice":false,"policeCaseNumber":"","measures":["none"],"estimatedLossCny":120000,
  "ratio":0.125,"big":12345678901234567890,"nothing":null,"empty":[],"emptyObj":{}}}`

// NewSubmission returns a received consultation as Service.Submit stores it.
func NewSubmission(ref string, at time.Time) *intake.Submission {
	return &intake.Submission{
		Reference:     ref,
		Kind:          forms.KindConsultation,
		Status:        intake.StatusReceived,
		Agency:        agency.PublicSecurity,
		Urgent:        true,
		Language:      forms.ZH,
		TokenHash:     []byte{0, 1, 2, 0xfe, 0xff},
		CorrelationID: "corr-" + ref,
		SubmittedAt:   at,
		UpdatedAt:     at,
		Form:          json.RawMessage(testForm),
		History: []intake.Event{{
			At: at, Actor: intake.ActorSystem, To: intake.StatusReceived, Public: true,
		}},
		Consent: &intake.Consent{Version: "2026-11", At: at},
		Version: 1,
	}
}

// NewIdempotency returns an idempotency record for ref.
func NewIdempotency(key, ref string, expires time.Time) *intake.Idempotency {
	return &intake.Idempotency{
		Key:         key,
		BodyHash:    []byte("body-hash-" + key),
		Reference:   ref,
		SealedToken: []byte{9, 8, 7, 0},
		ExpiresAt:   expires,
	}
}

// AssertSubmission compares two submissions field by field, times as instants
// and forms as JSON values.
func AssertSubmission(t *testing.T, got, want *intake.Submission) {
	t.Helper()
	if got.Reference != want.Reference || got.Kind != want.Kind || got.Status != want.Status ||
		got.Agency != want.Agency || got.Urgent != want.Urgent || got.Language != want.Language ||
		got.CorrelationID != want.CorrelationID || got.Queued != want.Queued || got.Listed != want.Listed || got.Version != want.Version ||
		got.IdempotencyRecord != want.IdempotencyRecord {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if !bytes.Equal(got.TokenHash, want.TokenHash) {
		t.Errorf("TokenHash = %x, want %x", got.TokenHash, want.TokenHash)
	}
	if !got.SubmittedAt.Equal(want.SubmittedAt) || !got.UpdatedAt.Equal(want.UpdatedAt) {
		t.Errorf("times = %v, %v, want %v, %v", got.SubmittedAt, got.UpdatedAt, want.SubmittedAt, want.UpdatedAt)
	}
	if len(want.Form) == 0 {
		if len(got.Form) != 0 {
			t.Errorf("form = %s, want none", got.Form)
		}
	} else {
		assertSameJSON(t, got.Form, want.Form)
	}
	if len(got.History) != len(want.History) {
		t.Fatalf("history = %+v, want %+v", got.History, want.History)
	}
	for i := range want.History {
		if g, w := got.History[i], want.History[i]; !sameEvent(g, w) {
			t.Errorf("history[%d] = %+v, want %+v", i, g, w)
		}
	}
	if (got.Answer == nil) != (want.Answer == nil) || got.Answer != nil && *got.Answer != *want.Answer {
		t.Errorf("answer = %+v, want %+v", got.Answer, want.Answer)
	}
	if (got.Claim == nil) != (want.Claim == nil) ||
		got.Claim != nil && (got.Claim.By != want.Claim.By || !got.Claim.Since.Equal(want.Claim.Since)) {
		t.Errorf("claim = %+v, want %+v", got.Claim, want.Claim)
	}
	if (got.AnsweredAt == nil) != (want.AnsweredAt == nil) || got.AnsweredAt != nil && !got.AnsweredAt.Equal(*want.AnsweredAt) {
		t.Errorf("answeredAt = %v, want %v", got.AnsweredAt, want.AnsweredAt)
	}
	if (got.RedactedAt == nil) != (want.RedactedAt == nil) || got.RedactedAt != nil && !got.RedactedAt.Equal(*want.RedactedAt) {
		t.Errorf("redacted at %v, want %v", got.RedactedAt, want.RedactedAt)
	}
	if (got.Consent == nil) != (want.Consent == nil) ||
		got.Consent != nil && (got.Consent.Version != want.Consent.Version || !got.Consent.At.Equal(want.Consent.At)) {
		t.Errorf("consent = %+v, want %+v", got.Consent, want.Consent)
	}
	if (got.Schedule == nil) != (want.Schedule == nil) ||
		got.Schedule != nil && (got.Schedule.Place != want.Schedule.Place || !got.Schedule.At.Equal(want.Schedule.At)) {
		t.Errorf("schedule = %+v, want %+v", got.Schedule, want.Schedule)
	}
}

func sameEvent(g, w intake.Event) bool {
	return g.At.Equal(w.At) && g.Actor == w.Actor && g.Action == w.Action && g.From == w.From && g.To == w.To &&
		g.Agency == w.Agency && g.Note == w.Note && g.Internal == w.Internal && g.Public == w.Public
}

// assertSameJSON compares two JSON documents by value, numbers digit for digit.
func assertSameJSON(t *testing.T, got, want []byte) {
	t.Helper()
	decode := func(b []byte) any {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("decode %s: %v", b, err)
		}
		return v
	}
	if g, w := decode(got), decode(want); !reflect.DeepEqual(g, w) {
		t.Errorf("form = %s\nwant %s", got, want)
	}
}
