package intake

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/logging"
	"github.com/putuo-compliance/intake/shared/metrics"
	"github.com/putuo-compliance/intake/shared/routing"
)

// Parser turns a request body into a valid form (formparse.Parser in production).
type Parser interface {
	Parse(kind forms.Kind, body []byte, lang forms.Lang) (forms.Form, error)
}

// IdempotencyTTL is how long an Idempotency-Key is remembered.
const IdempotencyTTL = 24 * time.Hour

// Service takes in submissions and reports their status.
type Service struct {
	Store  Store
	Queue  Queue // nil for a service that only reads
	Parser Parser
	Rules  routing.Rules
	Now    func() time.Time
	Random io.Reader // crypto/rand.Reader unless a test sets it
	// Notifier, when set, confirms each new submission to the firm's contact.
	Notifier Notifier
	// Metrics receives the domain's EMF metrics (see metrics.go); nil discards them.
	Metrics *metrics.Emitter
	// Keys gives the server-side keys (seal.go, limits.go); a service that
	// takes in submissions needs it.
	Keys Keys
	// Counter, when set, holds Limits (limits.go).
	Counter Counter
	Limits  Limits
}

// Time limits. A slow dependency must end in an answer the client can act on - a
// receipt, or a 503 to retry - not in the gateway's timeout, after which a firm
// that got no receipt would send its form again.
const (
	// answerMargin is kept free before the caller's deadline (the function's):
	// a store call cut off by it is a 503, a queue send cut off by it leaves the
	// submission pending for the re-dispatch, and the receipt still goes out.
	answerMargin = time.Second
	// redispatchSendTimeout bounds each send of a re-dispatch run, so that one
	// agency's unreachable queue does not use up the run.
	redispatchSendTimeout = 5 * time.Second
	// notifyTimeout bounds the confirmation e-mail.
	notifyTimeout = 3 * time.Second
)

// withMargin ends ctx answerMargin before its deadline, if it has one.
func withMargin(ctx context.Context) (context.Context, context.CancelFunc) {
	if deadline, ok := ctx.Deadline(); ok {
		return context.WithDeadline(ctx, deadline.Add(-answerMargin))
	}
	return context.WithCancel(ctx)
}

// SubmitRequest is one firm's request to submit a form.
type SubmitRequest struct {
	Kind           forms.Kind
	Body           []byte
	Lang           forms.Lang
	IdempotencyKey string // "" when the client sent none
	CorrelationID  string
	Client         string // who sent it, for per-client limits (httpedge.Request.Client)
}

// Receipt is what the firm gets back: the only time it sees the status token.
type Receipt struct {
	Reference   string
	StatusToken string
	Kind        forms.Kind
	Status      Status
	Agency      agency.Code
	SubmittedAt time.Time
	Replayed    bool // an earlier request with the same Idempotency-Key made it
	// Mailed: the Notifier accepted this request's confirmation (SES or the
	// SMTP server took the mail). False when there is no Notifier, it failed, or the receipt is a
	// replay, whose confirmation went out, or not, with the first request.
	Mailed bool
}

// Submit validates the form, stores it, then queues it. It returns a receipt once
// the submission is durably stored, even when the queue is unavailable: the
// submission then stays pending and the re-dispatch queues it later.
func (s *Service) Submit(ctx context.Context, req SubmitRequest) (r Receipt, err error) {
	defer func() { s.measureSubmit(ctx, req, r, err) }()
	ctx, cancel := withMargin(ctx)
	defer cancel()
	// Validate first: an invalid body is answered before any record is looked
	// up, so its answer cannot tell whether someone used its key.
	form, err := s.Parser.Parse(req.Kind, req.Body, req.Lang)
	if err != nil {
		return Receipt{}, err
	}
	var digests requestDigests
	if req.IdempotencyKey != "" {
		if digests, err = s.digestRequest(ctx, req.Kind, form.CreditCode(), req.IdempotencyKey, req.Body); err != nil {
			return Receipt{}, err
		}
		r, err := s.replay(ctx, digests)
		if !errors.Is(err, apperr.ErrNotFound) {
			return r, err
		}
	}
	// Only what would be stored counts: a replay above does not, so a firm
	// retrying its own request never meets the limit.
	if err := s.admit(ctx, req.Client); err != nil {
		return Receipt{}, err
	}
	sub, token, idem, err := s.newSubmission(req, form, digests)
	if err != nil {
		return Receipt{}, err
	}
	if err := s.create(ctx, sub, idem); errors.Is(err, ErrKeyTaken) {
		// A concurrent request with the same key won the race: answer as it did.
		return s.replay(ctx, digests)
	} else if err != nil {
		return Receipt{}, err
	}
	ctx, log := logging.With(ctx, logrus.Fields{"reference": sub.Reference, "agency": sub.Agency})
	log.WithField("kind", sub.Kind).Info("submission stored")
	s.Dispatch(ctx, sub)
	r = receipt(sub, token, false)
	r.Mailed = s.notify(ctx, sub, form)
	return r, nil
}

// notify confirms a stored submission to the firm, and reports whether the
// notifier accepted the confirmation; a failure is only logged. A replayed
// request is not confirmed again: it never reaches here. An address that had
// its confirmations for the day (Limits.MailsPerRecipient) gets none.
func (s *Service) notify(ctx context.Context, sub *Submission, form forms.Form) (accepted bool) {
	if s.Notifier == nil || !s.mayMail(ctx, form.ContactEmail()) {
		return false
	}
	return tell(ctx, s.Notifier.Received, Notice{
		To:          form.ContactEmail(),
		Lang:        form.AnswerLang(),
		Reference:   sub.Reference,
		Kind:        sub.Kind,
		Agency:      sub.Agency,
		SubmittedAt: sub.SubmittedAt,
	}, "confirmation not sent; the submission stands")
}

// tell sends the firm a notice within notifyTimeout and reports whether the
// notifier accepted it. A failure is only logged: an e-mail never undoes what
// is stored.
func tell(ctx context.Context, send func(context.Context, Notice) error, n Notice, failed string) (accepted bool) {
	ctx, cancel := context.WithTimeout(ctx, notifyTimeout)
	defer cancel()
	if err := send(ctx, n); err != nil {
		logging.From(ctx).WithError(err).Warn(failed)
		return false
	}
	return true
}

func (s *Service) newSubmission(req SubmitRequest, form forms.Form, digests requestDigests) (*Submission, string, *Idempotency, error) {
	to, err := s.Rules.Route(form.Facts())
	if err != nil {
		return nil, "", nil, err
	}
	stored, err := json.Marshal(form)
	if err != nil {
		return nil, "", nil, fmt.Errorf("encode form: %w", err)
	}
	token, err := newToken(s.random())
	if err != nil {
		return nil, "", nil, err
	}
	now := s.Now().UTC()
	sub := &Submission{
		Kind:          req.Kind,
		Status:        StatusReceived,
		Agency:        to,
		Urgent:        form.Urgent(),
		Language:      form.AnswerLang(),
		TokenHash:     hashToken(token),
		CorrelationID: req.CorrelationID,
		SubmittedAt:   now,
		UpdatedAt:     now,
		Form:          stored,
		History:       []Event{{At: now, Actor: ActorSystem, To: StatusReceived, Public: true}},
		Consent:       &Consent{Version: form.ConsentVersion(), At: now},
		Version:       1,
	}
	var idem *Idempotency
	if req.IdempotencyKey != "" {
		sealed, err := sealToken(s.random(), token, digests.seal)
		if err != nil {
			return nil, "", nil, fmt.Errorf("seal token: %w", err)
		}
		idem = &Idempotency{Key: digests.key, BodyHash: digests.match, SealedToken: sealed, ExpiresAt: now.Add(IdempotencyTTL)}
		sub.IdempotencyRecord = idem.Key
	}
	return sub, token, idem, nil
}

// create stores sub under a fresh reference, drawing again in the unlikely case
// that the reference is taken.
func (s *Service) create(ctx context.Context, sub *Submission, idem *Idempotency) error {
	const attempts = 3
	for range attempts {
		ref, err := newReference(s.random(), sub.Kind)
		if err != nil {
			return err
		}
		sub.Reference = ref
		if idem != nil {
			idem.Reference = ref
		}
		err = s.Store.Create(ctx, sub, idem)
		if !errors.Is(err, ErrReferenceTaken) {
			return err
		}
	}
	return fmt.Errorf("no free reference after %d attempts", attempts)
}

// replay answers a request whose Idempotency-Key the same firm used before for
// the same form: the same receipt for the same body, a conflict for another.
// apperr.ErrNotFound means the key is new.
func (s *Service) replay(ctx context.Context, digests requestDigests) (Receipt, error) {
	rec, err := s.Store.GetIdempotency(ctx, digests.key)
	if err != nil {
		return Receipt{}, err
	}
	if subtle.ConstantTimeCompare(rec.BodyHash, digests.match) != 1 {
		return Receipt{}, fmt.Errorf("%w: the Idempotency-Key was used with another body", apperr.ErrConflict)
	}
	token, err := openToken(rec.SealedToken, digests.seal)
	if err != nil {
		return Receipt{}, fmt.Errorf("open sealed token of %s: %w", rec.Reference, err)
	}
	sub, err := s.Store.Get(ctx, rec.Reference)
	if err != nil {
		return Receipt{}, err
	}
	return receipt(sub, token, true), nil
}

// Dispatch puts sub's claim-check message on its agency queue and records that it
// did, and reports whether the send succeeded. A failure is logged, not returned:
// sub stays stored and pending, and the re-dispatch sends it again. A message sent
// whose record failed to update may be sent twice; the duplicate is dropped at
// claim time.
func (s *Service) Dispatch(ctx context.Context, sub *Submission) (sent bool) {
	log := logging.From(ctx)
	if err := s.Queue.Send(ctx, sub.Agency, NewMessage(sub)); err != nil {
		log.WithError(err).Warn("queue send failed; submission left pending for re-dispatch")
		s.measureSendFailure(ctx, sub)
		return false
	}
	at := s.Now().UTC()
	s.measureDispatch(ctx, sub, at)
	if err := MarkQueued(ctx, s.Store, sub, at); err != nil {
		log.WithError(err).Warn("message queued but not marked; re-dispatch may send it again")
	}
	return true
}

// Redispatch queues up to limit submissions that were stored before the given
// time but never queued, and returns how many it queued. It stops in time to
// answer before ctx's deadline, and after one failed send to an agency's queue it
// leaves that agency's other submissions for the next run. The backlog metric is
// written however it ends, since it is what the backlog alarm watches.
func (s *Service) Redispatch(ctx context.Context, before time.Time, limit int) (queued int, err error) {
	pending, err := s.Store.Pending(ctx, before, limit)
	if err != nil {
		return 0, err
	}
	defer func() { s.measureRedispatch(ctx, queued, len(pending)-queued) }()
	ctx, cancel := withMargin(ctx)
	defer cancel()
	down := map[agency.Code]bool{}
	for _, sub := range pending {
		if deadline, ok := ctx.Deadline(); ctx.Err() != nil || (ok && time.Until(deadline) < redispatchSendTimeout) {
			break
		}
		if down[sub.Agency] {
			continue
		}
		// The stored correlation id, so these lines join those of the submit request.
		subCtx, _ := logging.With(ctx, logrus.Fields{"reference": sub.Reference, "agency": sub.Agency, "correlationId": sub.CorrelationID})
		subCtx, cancel := context.WithTimeout(subCtx, redispatchSendTimeout)
		sent := s.Dispatch(subCtx, sub)
		cancel()
		if !sent {
			down[sub.Agency] = true
		}
		if sub.Queued {
			queued++
		}
	}
	return queued, nil
}

// Status returns a submission to the holder of its status token. An unknown
// reference, a malformed one and a wrong token give the same apperr.ErrNotFound,
// after the same work, so that neither the answer nor its time tells an outsider
// which references exist: one read of a token hash (a stand-in reference's when
// the reference cannot be one, a stand-in hash when nothing is found) and one
// comparison. Only the token's holder gets the whole submission read.
func (s *Service) Status(ctx context.Context, reference, token string) (*Submission, error) {
	ref, wellFormed := NormalizeReference(reference)
	if !wellFormed {
		ref = noReference
	}
	hash, err := s.Store.TokenHash(ctx, ref)
	found := err == nil
	if !found && !errors.Is(err, apperr.ErrNotFound) {
		return nil, err
	}
	if !found {
		hash = noTokenHash
	}
	if !tokenMatches(token, hash) || !found {
		return nil, errNoSubmission
	}
	return s.Store.Get(ctx, ref)
}

var (
	// noReference is looked up in place of a malformed reference. Its X and 0s
	// are not in a reference's alphabet, so no submission has it.
	noReference = "X-0000-0000"
	// noTokenHash is compared with in place of a hash that was not found.
	noTokenHash = hashToken("no submission has this token")
	// errNoSubmission is Status's not-found, the same for every cause.
	errNoSubmission = fmt.Errorf("no submission with this reference and status token: %w", apperr.ErrNotFound)
)

func (s *Service) random() io.Reader {
	if s.Random != nil {
		return s.Random
	}
	return rand.Reader
}

func receipt(sub *Submission, token string, replayed bool) Receipt {
	return Receipt{
		Reference:   sub.Reference,
		StatusToken: token,
		Kind:        sub.Kind,
		Status:      sub.Status,
		Agency:      sub.Agency,
		SubmittedAt: sub.SubmittedAt,
		Replayed:    replayed,
	}
}
