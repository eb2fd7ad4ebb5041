// Package intaketest provides in-memory fakes of intake's Store and Queue for the
// domain's tests; the real adapters are tested against moto in their own packages.
package intaketest

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/keyring"
)

var (
	_ intake.StaffStore = (*Store)(nil)
	_ intake.Counter    = (*Store)(nil)
	_ intake.Queue      = (*Queue)(nil)
)

// Keys are the server keys of the domain's tests: a fixed secret, as the
// local stack has one.
var Keys = keyring.Static("intaketest-server-secret-0123456789abcdef")

// Store keeps submissions in memory, following the store contract that
// storetest checks on it and on dynamostore alike. Set Fail to make every call
// fail with it.
type Store struct {
	mu     sync.Mutex
	subs   map[string]*intake.Submission
	idem   map[string]intake.Idempotency
	counts map[string]int // the Counter's budgets, in the same table as in dynamostore
	audit  map[string][]intake.AuditEntry
	Fail   error
	// Now is the clock that expires idempotency records, as dynamostore's does;
	// nil keeps them forever, for tests whose service clock is fixed far from
	// today. The contract suite runs with Now set.
	Now func() time.Time
}

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{subs: map[string]*intake.Submission{}, idem: map[string]intake.Idempotency{}, counts: map[string]int{}, audit: map[string][]intake.AuditEntry{}}
}

func (s *Store) Create(_ context.Context, sub *intake.Submission, idem *intake.Idempotency) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Fail != nil {
		return s.Fail
	}
	// The key first: with both taken, dynamostore reports the key too.
	if idem != nil {
		if _, ok := s.liveIdempotency(idem.Key); ok {
			return intake.ErrKeyTaken
		}
	}
	if _, ok := s.subs[sub.Reference]; ok {
		return intake.ErrReferenceTaken
	}
	if idem != nil {
		s.idem[idem.Key] = *idem
	}
	s.subs[sub.Reference] = sub.Clone()
	return nil
}

func (s *Store) Get(_ context.Context, ref string) (*intake.Submission, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Fail != nil {
		return nil, s.Fail
	}
	sub, ok := s.subs[ref]
	if !ok {
		return nil, fmt.Errorf("submission %q: %w", ref, apperr.ErrNotFound)
	}
	return sub.Clone(), nil
}

func (s *Store) TokenHash(_ context.Context, ref string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Fail != nil {
		return nil, s.Fail
	}
	sub, ok := s.subs[ref]
	if !ok {
		return nil, fmt.Errorf("submission: %w", apperr.ErrNotFound)
	}
	return append([]byte(nil), sub.TokenHash...), nil
}

func (s *Store) GetIdempotency(_ context.Context, key string) (*intake.Idempotency, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Fail != nil {
		return nil, s.Fail
	}
	rec, ok := s.liveIdempotency(key)
	if !ok {
		return nil, fmt.Errorf("idempotency key: %w", apperr.ErrNotFound)
	}
	return &rec, nil
}

// liveIdempotency returns the record for key unless it expired: a record past
// its expiry counts as gone, to be overwritten, as TTL would delete it.
func (s *Store) liveIdempotency(key string) (intake.Idempotency, bool) {
	rec, ok := s.idem[key]
	if !ok || s.Now != nil && rec.ExpiresAt.Unix() < s.Now().Unix() {
		return intake.Idempotency{}, false
	}
	return rec, true
}

func (s *Store) Update(_ context.Context, ch intake.Change) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Fail != nil {
		return s.Fail
	}
	sub, err := s.expected(ch.Reference, ch.Expect)
	if err != nil {
		return err
	}
	s.subs[ch.Reference] = sub.Applied(ch)
	if ch.Audit != nil {
		s.audit[ch.Reference] = append(s.audit[ch.Reference], *ch.Audit)
	}
	return nil
}

// expected returns the stored submission if it is still at expect: the one
// condition of every move (Update, Redact), as dynamostore's conditional writes
// have it. The caller holds s.mu.
func (s *Store) expected(reference string, expect intake.Expect) (*intake.Submission, error) {
	sub, ok := s.subs[reference]
	if !ok {
		return nil, fmt.Errorf("submission %q: %w", reference, apperr.ErrNotFound)
	}
	if sub.Status != expect.Status || sub.Version != expect.Version || sub.Queued != expect.Queued || sub.Listed != expect.Listed {
		return nil, &intake.StaleError{Reference: reference, Expect: expect, Current: sub.Clone()}
	}
	return sub, nil
}

// Mark sets m's flags if the stored submission is still at m's status and
// agency and lacks each of them, as dynamostore's condition has it.
func (s *Store) Mark(_ context.Context, m intake.Mark) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Fail != nil {
		return s.Fail
	}
	sub, ok := s.subs[m.Reference]
	if !ok {
		return fmt.Errorf("submission %q: %w", m.Reference, apperr.ErrNotFound)
	}
	if sub.Status != m.Status || sub.Agency != m.Agency || m.Queued && sub.Queued || m.Listed && sub.Listed {
		return &intake.StaleError{Reference: m.Reference, Expect: intake.Expect{Status: m.Status, Version: sub.Version}, Current: sub.Clone()}
	}
	s.subs[m.Reference] = sub.Marked(m)
	return nil
}

func (s *Store) Pending(_ context.Context, before time.Time, limit int) ([]*intake.Submission, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Fail != nil {
		return nil, s.Fail
	}
	var out []*intake.Submission
	for _, sub := range s.subs {
		if !sub.Queued && sub.RedactedAt == nil && sub.SubmittedAt.Before(before) {
			out = append(out, sub.Clone())
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SubmittedAt.Before(out[j].SubmittedAt) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (s *Store) Ended(_ context.Context, before time.Time, limit int) ([]*intake.Submission, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Fail != nil {
		return nil, s.Fail
	}
	var out []*intake.Submission
	for _, sub := range s.subs {
		if len(out) < limit && intake.Ended(sub.Status) && sub.RedactedAt == nil && sub.UpdatedAt.Before(before) {
			out = append(out, sub.Clone())
		}
	}
	return out, nil
}

func (s *Store) Redact(_ context.Context, r intake.Redaction) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Fail != nil {
		return s.Fail
	}
	sub, err := s.expected(r.Reference, r.Expect)
	if err != nil {
		return err
	}
	s.subs[r.Reference] = sub.Redacted(r)
	if rec, ok := s.idem[r.Record]; ok && rec.Reference == r.Reference {
		delete(s.idem, r.Record)
	}
	if r.Audit != nil {
		s.audit[r.Reference] = append(s.audit[r.Reference], *r.Audit)
	}
	return nil
}

// Take implements intake.Counter, as dynamostore does in the same table.
func (s *Store) Take(_ context.Context, key string, limit int, _ time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Fail != nil {
		return false, s.Fail
	}
	if s.counts[key] >= limit {
		return false, nil
	}
	s.counts[key]++
	return true, nil
}

// Used implements intake.Counter.
func (s *Store) Used(_ context.Context, key string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Fail != nil {
		return 0, s.Fail
	}
	return s.counts[key], nil
}

// Len returns how many submissions are stored.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.subs)
}

// Queue records sent messages per agency. Set Fail to make Send fail with it.
type Queue struct {
	mu   sync.Mutex
	Sent map[agency.Code][]intake.Message
	Fail error
}

// NewQueue returns an empty queue.
func NewQueue() *Queue { return &Queue{Sent: map[agency.Code][]intake.Message{}} }

func (q *Queue) Send(_ context.Context, to agency.Code, m intake.Message) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.Fail != nil {
		return q.Fail
	}
	q.Sent[to] = append(q.Sent[to], m)
	return nil
}

// Count returns how many messages were sent in all.
func (q *Queue) Count() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := 0
	for _, ms := range q.Sent {
		n += len(ms)
	}
	return n
}

var _ intake.Notifier = (*Notifier)(nil)

// Notifier records notices: confirmations in Sent, changes in Changes. Set
// Fail to make both fail with it.
type Notifier struct {
	mu      sync.Mutex
	Sent    []intake.Notice
	Changes []intake.Notice
	Fail    error
}

func (n *Notifier) Changed(_ context.Context, notice intake.Notice) error {
	return n.record(&n.Changes, notice)
}

func (n *Notifier) Received(_ context.Context, notice intake.Notice) error {
	return n.record(&n.Sent, notice)
}

func (n *Notifier) record(to *[]intake.Notice, notice intake.Notice) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.Fail != nil {
		return n.Fail
	}
	*to = append(*to, notice)
	return nil
}
