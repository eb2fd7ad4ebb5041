package intake

import (
	"context"

	"github.com/putuo-compliance/intake/shared/logging"
)

// Decoy answers a submission that a bot sent (the pages' honeypot was filled
// in) as Submit would, storing, queueing and mailing nothing: the form is
// validated as Submit validates it, so an invalid one gets the same field
// errors, and a valid one gets a receipt that looks like Submit's - a fresh
// reference and token that lead nowhere, the agency the rules pick, and the
// e-mail claimed when the service mails. A bot learns nothing of why it failed,
// so it has no reason to change and try again.
func (s *Service) Decoy(ctx context.Context, req SubmitRequest) (Receipt, error) {
	form, err := s.Parser.Parse(req.Kind, req.Body, req.Lang)
	if err != nil {
		return Receipt{}, err
	}
	to, err := s.Rules.Route(form.Facts())
	if err != nil {
		return Receipt{}, err
	}
	ref, err := newReference(s.random(), req.Kind)
	if err != nil {
		return Receipt{}, err
	}
	token, err := newToken(s.random())
	if err != nil {
		return Receipt{}, err
	}
	logging.From(ctx).WithField("kind", req.Kind).Info("bot's submission answered with a decoy receipt; nothing stored")
	return Receipt{
		Reference:   ref,
		StatusToken: token,
		Kind:        req.Kind,
		Status:      StatusQueued,
		Agency:      to,
		SubmittedAt: s.Now().UTC(),
		Mailed:      s.Notifier != nil,
	}, nil
}
