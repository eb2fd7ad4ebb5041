package intake

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/forms/formparse"
	"github.com/putuo-compliance/intake/shared/keyring"
	"github.com/putuo-compliance/intake/shared/routing"
)

// memStore keeps the one submission and idempotency record a submit writes;
// the rest is unused.
type memStore struct {
	Store
	idem *Idempotency
	sub  *Submission
}

func (m *memStore) Create(_ context.Context, s *Submission, i *Idempotency) error {
	m.sub, m.idem = s.Clone(), i
	return nil
}

func (m *memStore) GetIdempotency(context.Context, string) (*Idempotency, error) {
	if m.idem == nil {
		return nil, apperr.ErrNotFound
	}
	return m.idem, nil
}

func (m *memStore) Get(context.Context, string) (*Submission, error) { return m.sub.Clone(), nil }

func (m *memStore) Update(context.Context, Change) error { return nil }

type nopQueue struct{}

func (nopQueue) Send(context.Context, agency.Code, Message) error { return nil }

const (
	serverSecret = "seal-test-server-secret-0123456789abcdefghij"
	creditCode   = "91310107MA1G8K3Q33" // webValues'
)

// webValues is a consultation as the pages post it: their body has one fixed
// layout (forms.Body), which a table reader can rebuild.
func webValues() url.Values {
	return url.Values{
		"company.name": {"上海某网络科技有限公司"}, "company.creditCode": {"91310107MA1G8K3Q33"}, "company.industry": {"gaming"},
		"contact.name": {"张三"}, "contact.mobile": {"13812345678"}, "contact.email": {"legal@example.com"},
		"language": {"zh-CN"}, "consent.accepted": {"true"}, "consent.version": {"2026-11"},
		"incident.role": {"victim"}, "incident.category": {"online-fraud"},
		"incident.occurredOn": {"2026-11-01"}, "incident.discoveredOn": {"2026-11-03"},
		"incident.title": {"客服系统被冒用"}, "incident.description": {"诈骗团伙冒充客服。"}, "incident.reportedToPolice": {"false"},
		"incident.measures": {"none"}, "incident.operationsImpact": {"minor"},
		"incident.estimatedLossCny": {"120000"}, "incident.urgency": {"normal"}, "incident.questions": {"是否应当报警？"},
	}
}

// flatten turns a stored form back into the pages' values, as a table reader
// would: every leaf by its path, list items repeated.
func flatten(prefix string, v any, out url.Values) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			flatten(p, e, out)
		}
	case []any:
		for _, e := range v {
			out.Add(prefix, fmt.Sprint(e))
		}
	case nil:
	default:
		out.Add(prefix, fmt.Sprint(v))
	}
}

// A table reader - a function role without the secret, a point-in-time
// restore, an export - holds every stored item, knows the Idempotency-Key and
// rebuilds the exact body from the stored form. Still no digest it can compute
// opens the sealed token: the seal key is keyed by a server secret the table
// never holds. The server, given the same request again, opens it.
func TestSealedTokenNotOpenableByTableReader(t *testing.T) {
	ctx := context.Background()
	body, err := forms.Body(forms.KindConsultation, webValues())
	if err != nil {
		t.Fatal(err)
	}
	store := &memStore{}
	clock := func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) }
	svc := &Service{Store: store, Queue: nopQueue{}, Parser: formparse.New(clock), Rules: routing.Default(), Now: clock, Keys: keyring.Static(serverSecret)}
	const key = "k-1" // a short key, as a careless client picks
	r, err := svc.Submit(ctx, SubmitRequest{Kind: forms.KindConsultation, Body: body, Lang: forms.ZH, IdempotencyKey: key})
	if err != nil {
		t.Fatal(err)
	}
	rec, sub := store.idem, store.sub

	// The body, rebuilt from the stored form.
	dec := json.NewDecoder(bytes.NewReader(sub.Form))
	dec.UseNumber()
	var stored map[string]any
	if err := dec.Decode(&stored); err != nil {
		t.Fatal(err)
	}
	values := url.Values{}
	flatten("", stored, values)
	rebuilt, err := forms.Body(forms.KindConsultation, values)
	if err != nil || !bytes.Equal(rebuilt, body) {
		t.Fatalf("the reader could not rebuild the body (the test would prove nothing):\n%s\n%s", rebuilt, body)
	}

	// Every key a reader can derive without the secret.
	unkeyed := func(purpose string, scoped bool) []byte {
		h := sha256.New()
		parts := []string{purpose, string(forms.KindConsultation), key}
		if scoped {
			parts = []string{purpose, string(forms.KindConsultation), creditCode, key}
		}
		for _, part := range parts {
			h.Write([]byte(part))
			h.Write([]byte{0})
		}
		h.Write(rebuilt)
		return h.Sum(nil)
	}
	if rec.Key == key || bytes.Contains([]byte(rec.Key), []byte(key)) {
		t.Fatalf("the record is named by the client's key %q", rec.Key)
	}
	first := sha256.Sum256([]byte("intake.idempotency.v1\x00" + key + "\x00" + string(rec.BodyHash)))
	bodyHash, formHash := sha256.Sum256(rebuilt), sha256.Sum256(sub.Form)
	storedHash := sha256.Sum256(rec.BodyHash)
	candidates := map[string][]byte{
		"the unkeyed seal digest (v2)":      unkeyed("intake.idempotency.seal.v2", false),
		"the unkeyed seal digest (v4)":      unkeyed("intake.idempotency.seal.v4", true),
		"the unkeyed match digest (v4)":     unkeyed("intake.idempotency.match.v4", true),
		"the first scheme":                  first[:],
		"the stored digest":                 rec.BodyHash,
		"a hash of the stored digest":       storedHash[:],
		"a hash of the body":                bodyHash[:],
		"a hash of the stored form":         formHash[:],
		"the stored token hash":             sub.TokenHash,
		"the key under another secret (v4)": otherSecretSeal(t, key, rebuilt),
	}
	for name, k := range candidates {
		if tok, err := openToken(rec.SealedToken, k); err == nil {
			t.Errorf("a table reader opened the token with %s: %q", name, tok)
		}
	}

	// The server opens it: the firm retrying gets its token back.
	again, err := svc.Submit(ctx, SubmitRequest{Kind: forms.KindConsultation, Body: rebuilt, Lang: forms.ZH, IdempotencyKey: key})
	if err != nil || !again.Replayed || again.StatusToken != r.StatusToken {
		t.Fatalf("replay = %+v, %v; want the first token", again, err)
	}
	// The same key and body on the other form's endpoint is another request.
	d, err := svc.digestRequest(ctx, forms.KindTraining, creditCode, key, body)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.replay(ctx, d); err == nil {
		t.Fatal("replay across forms accepted")
	}
}

// otherSecretSeal is the seal key the same request gets on a server with
// another secret.
func otherSecretSeal(t *testing.T, key string, body []byte) []byte {
	t.Helper()
	other := &Service{Keys: keyring.Static(serverSecret + "-other")}
	d, err := other.digestRequest(context.Background(), forms.KindConsultation, creditCode, key, body)
	if err != nil {
		t.Fatal(err)
	}
	return d.seal
}
