package intake

import (
	"context"
	"crypto/sha256"
	"os"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/forms/formparse"
	"github.com/putuo-compliance/intake/shared/routing"
)

// memStore keeps the one idempotency record a submit writes; the rest is unused.
type memStore struct {
	Store
	idem *Idempotency
	sub  *Submission
}

func (m *memStore) Create(_ context.Context, s *Submission, i *Idempotency) error {
	m.sub, m.idem = s, i
	return nil
}

func (m *memStore) GetIdempotency(context.Context, string) (*Idempotency, error) {
	if m.idem == nil {
		return nil, apperr.ErrNotFound
	}
	return m.idem, nil
}

func (m *memStore) Update(context.Context, Change) error { return nil }

type nopQueue struct{}

func (nopQueue) Send(context.Context, agency.Code, Message) error { return nil }

// Someone who can read the table must not be able to open a sealed status token:
// every key derivable from the stored record fails, the request itself succeeds.
func TestSealedTokenNotOpenableFromStoredFields(t *testing.T) {
	body, err := os.ReadFile("../forms/testdata/consultation.json")
	if err != nil {
		t.Fatal(err)
	}
	store := &memStore{}
	clock := func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) }
	svc := &Service{Store: store, Queue: nopQueue{}, Parser: formparse.New(clock), Rules: routing.Default(), Now: clock}
	r, err := svc.Submit(context.Background(), SubmitRequest{Kind: forms.KindConsultation, Body: body, Lang: forms.ZH, IdempotencyKey: "k-1"})
	if err != nil {
		t.Fatal(err)
	}
	rec := store.idem
	bodyHash := sha256.Sum256(body)
	stored := sha256.Sum256(rec.BodyHash)
	// The first scheme sealed with a hash of the key and the stored body hash.
	first := sha256.Sum256([]byte("intake.idempotency.v1\x00" + rec.Key + "\x00" + string(rec.BodyHash)))
	for name, key := range map[string][]byte{
		"first scheme":          first[:],
		"stored digest":         rec.BodyHash,
		"hash of stored digest": stored[:],
		"plain body hash":       bodyHash[:],
	} {
		if tok, err := openToken(rec.SealedToken, key); err == nil {
			t.Errorf("opened with the %s: %q", name, tok)
		}
	}
	got, err := openToken(rec.SealedToken, digestRequest(forms.KindConsultation, "k-1", body).seal)
	if err != nil || got != r.StatusToken {
		t.Fatalf("the request's own digest does not open the token: %q, %v", got, err)
	}
	// The same key and body on the other form's endpoint is another request.
	if _, err := svc.replay(context.Background(), "k-1", digestRequest(forms.KindTraining, "k-1", body)); err == nil {
		t.Fatal("replay across forms accepted")
	}
}
