package intake_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
)

// recordingStore notes each store call and what it was asked for. The calls
// are the work whose time an outsider could measure: the store reads dwarf
// everything else a lookup does.
type recordingStore struct {
	intake.Store
	mu    sync.Mutex
	calls []string
}

func (s *recordingStore) note(call string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, call)
}

func (s *recordingStore) Get(ctx context.Context, ref string) (*intake.Submission, error) {
	s.note("Get")
	return s.Store.Get(ctx, ref)
}

func (s *recordingStore) TokenHash(ctx context.Context, ref string) ([]byte, error) {
	s.note("TokenHash")
	return s.Store.TokenHash(ctx, ref)
}

// Every 404 of the status lookup does the same work - one token-hash read, no
// submission read - whether the reference exists (wrong token), does not exist,
// or cannot exist. Before, a malformed reference read nothing and an existing
// one was read and decoded in full before its token was compared: about 5 µs,
// 2 ms and 8 ms against moto (BenchmarkStatusNotFound in shared/app prints them).
func TestStatusSameWork(t *testing.T) {
	svc, store, _ := newService()
	r, err := svc.Submit(context.Background(), intake.SubmitRequest{Kind: forms.KindConsultation, Body: fixture(t, "consultation.json"), Lang: forms.ZH})
	if err != nil {
		t.Fatal(err)
	}
	notFound := []string{"TokenHash"}
	tests := []struct {
		name      string
		reference string
		token     string
		want      []string
	}{
		{"found", r.Reference, r.StatusToken, []string{"TokenHash", "Get"}},
		{"wrong token", r.Reference, "AAAAAAAAAAAAAAAAAAAAAA", notFound},
		{"no token", r.Reference, "", notFound},
		{"unknown reference", "C-2222-2222", r.StatusToken, notFound},
		{"malformed reference", "../../etc/passwd", r.StatusToken, notFound},
		{"empty reference", "", "", notFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recordingStore{Store: store}
			svc.Store = rec
			_, err := svc.Status(context.Background(), tt.reference, tt.token)
			if found := err == nil; found != (len(tt.want) == 2) {
				t.Fatalf("err = %v", err)
			}
			if err != nil && !errors.Is(err, apperr.ErrNotFound) {
				t.Fatalf("err = %v, want ErrNotFound", err)
			}
			if !slices.Equal(rec.calls, tt.want) {
				t.Errorf("store calls %v, want %v", rec.calls, tt.want)
			}
		})
	}
}

// A store that fails is a 503 to retry, not a 404 that tells the firm its
// submission is gone.
func TestStatusStoreDown(t *testing.T) {
	svc, store, _ := newService()
	store.Fail = apperr.Unavailable(errors.New("dynamodb down"))
	for _, ref := range []string{"C-2222-2222", "../etc"} {
		if _, err := svc.Status(context.Background(), ref, "AAAAAAAAAAAAAAAAAAAAAA"); !errors.Is(err, apperr.ErrUnavailable) {
			t.Errorf("Status(%q): err = %v, want ErrUnavailable", ref, err)
		}
	}
}

// Every state a submission can be in, and a transfer, has a name for firms
// in both languages: the status page and the e-mails show it.
func TestStatusNames(t *testing.T) {
	for _, st := range append(intake.Statuses(), intake.StatusTransferred) {
		if n := st.Name(); n.ZH == "" || n.EN == "" {
			t.Errorf("%s has no name in both languages: %+v", st, n)
		}
	}
}
