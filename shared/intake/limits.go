package intake

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/logging"
)

// Counter counts uses of budgets, such as one client's submissions in an hour.
// It counts atomically: of concurrent takes of a budget's last use, one wins.
type Counter interface {
	// Take counts one use of the budget named key if fewer than limit were
	// counted, and reports whether it did. expires is when the store may forget
	// the budget: callers name each window's budget afresh, so none is read
	// after it.
	Take(ctx context.Context, key string, limit int, expires time.Time) (bool, error)
	// Used returns how many uses of the budget named key were counted (0 for
	// one never taken), counting none: for a budget counted only after the
	// fact, as the staff console's sign-in failures are.
	Used(ctx context.Context, key string) (int, error)
}

// Limits bound what one client can make the service do; 0 is no bound. They
// brake a mail bomb (the web form sends a confirmation to any address the
// poster chooses) and the flooding of an agency's queue, which the API-wide
// throttle cannot, since all firms share it. A firm within them never notices
// them: a replay of its own request is not counted.
type Limits struct {
	// SubmissionsPerClient bounds the submissions stored for one client (its
	// source address, SubmitRequest.Client) per ClientWindow; past it, Submit
	// fails with an *apperr.LimitedError (429, with Retry-After).
	SubmissionsPerClient int
	// MailsPerRecipient bounds the confirmation e-mails sent to one address per
	// RecipientWindow; past it, the submission is stored and queued as ever,
	// without a confirmation (Receipt.Mailed is false).
	MailsPerRecipient int
}

// The limits' windows: fixed, UTC-aligned, so a budget is one counter.
const (
	ClientWindow    = time.Hour
	RecipientWindow = 24 * time.Hour
)

// limitsPurpose names the key of the counters' names among the server's keys.
// Counters are named by an HMAC of the address under it: the table keeps no
// source address or e-mail address, and cannot be searched for one.
const limitsPurpose = "limits"

// admit counts a submission against its client's budget.
func (s *Service) admit(ctx context.Context, client string) error {
	ok, retryAfter, err := s.take(ctx, "client", client, s.Limits.SubmissionsPerClient, ClientWindow)
	if err != nil {
		return err
	}
	if !ok {
		return &apperr.LimitedError{What: "submissions per client", RetryAfter: retryAfter}
	}
	return nil
}

// mayMail counts a confirmation against its recipient's budget. A counter that
// fails sends no mail: the mail is optional, the brake is not.
func (s *Service) mayMail(ctx context.Context, to string) bool {
	ok, _, err := s.take(ctx, "recipient", mailbox(to), s.Limits.MailsPerRecipient, RecipientWindow)
	switch {
	case err != nil:
		logging.From(ctx).WithError(err).Warn("confirmation not sent: its limit could not be checked")
	case !ok:
		logging.From(ctx).Info("confirmation not sent: the address had its confirmations for the day")
	}
	return ok && err == nil
}

// take counts one use of subject's budget of the given scope in the current
// window, and says how long until the next window.
func (s *Service) take(ctx context.Context, scope, subject string, limit int, window time.Duration) (ok bool, retryAfter time.Duration, err error) {
	return Limiter{Counter: s.Counter, Keys: s.Keys, Now: s.Now}.Take(ctx, scope, subject, limit, window)
}

// Limiter counts uses of budgets: one subject's uses of one scope (a client's
// submissions, an address's confirmations, the staff console's sign-ins by
// user name or by address) in fixed, UTC-aligned windows, a budget one
// counter. Budgets are named by an HMAC of the subject under the server's
// limits key, so the table keeps no address or name.
type Limiter struct {
	Counter Counter // nil: no limits
	Keys    Keys
	Now     func() time.Time
}

// Take counts one use of subject's budget of scope in the current window of
// the given length, if fewer than limit were counted there (a limit of 0 is
// none), and says how long until the next window. Each scope must have one
// window length: the window's start names its budget.
func (l Limiter) Take(ctx context.Context, scope, subject string, limit int, window time.Duration) (ok bool, retryAfter time.Duration, err error) {
	if l.Counter == nil || limit <= 0 {
		return true, 0, nil
	}
	key, retryAfter, end, err := l.budget(ctx, scope, subject, window)
	if err != nil {
		return false, 0, err
	}
	ok, err = l.Counter.Take(ctx, key, limit, end)
	return ok, retryAfter, err
}

// Spent reports whether subject's budget of scope in the current window has
// its limit counted, without counting a use (a limit of 0 is none), and says
// how long until the next window: Take counts before the fact, Spent and Take
// together count after it.
func (l Limiter) Spent(ctx context.Context, scope, subject string, limit int, window time.Duration) (spent bool, retryAfter time.Duration, err error) {
	if l.Counter == nil || limit <= 0 {
		return false, 0, nil
	}
	key, retryAfter, _, err := l.budget(ctx, scope, subject, window)
	if err != nil {
		return false, 0, err
	}
	n, err := l.Counter.Used(ctx, key)
	return n >= limit, retryAfter, err
}

// budget names subject's budget of scope in the current window, and says how
// long until the window ends, and when.
func (l Limiter) budget(ctx context.Context, scope, subject string, window time.Duration) (key string, left time.Duration, end time.Time, err error) {
	k, err := l.Keys.Key(ctx, limitsPurpose)
	if err != nil {
		return "", 0, time.Time{}, fmt.Errorf("limits key: %w", err)
	}
	m := hmac.New(sha256.New, k)
	m.Write([]byte(scope + "\x00" + subject))
	now := l.Now().UTC()
	start := now.Truncate(window) // time.Time's zero is a UTC midnight
	end = start.Add(window)
	key = scope + "#" + base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16]) + "#" + strconv.FormatInt(start.Unix(), 10)
	return key, end.Sub(now), end, nil
}

// mailbox is the mailbox an address delivers to, for counting: case folded,
// and without a "+tag" after the local part, which most providers ignore, so
// that a+1@x and A+2@x share one budget.
func mailbox(addr string) string {
	addr = strings.ToLower(addr)
	local, domain, ok := strings.Cut(addr, "@")
	if !ok {
		return addr
	}
	local, _, _ = strings.Cut(local, "+")
	return local + "@" + domain
}
