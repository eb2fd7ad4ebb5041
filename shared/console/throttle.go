package console

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"time"

	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/logging"
)

// Password guessing is slowed, not stopped: each user name and each source
// address has a count of failed sign-ins (in the table, so every instance of
// the function sees it). Past a few free failures, each further attempt waits
// twice as long as the last, up to maxWait after the last failure, and the
// count lapses failureMemory after it. An attempt that must wait is refused
// before the password is checked, whatever it is, with the same words for a
// user name that exists and one that does not. A success forgets the user
// name's count, not the source's: one good account must not clear the way for
// guessing others from the same place.
const (
	freeUserFailures   = 5  // per user name
	freeSourceFailures = 20 // per source address: an office may share one
	maxWait            = 15 * time.Minute
	failureMemory      = time.Hour
)

// counter is one failure count that a sign-in is held to.
type counter struct {
	name string // a digest: the table holds no user name or address
	free int
}

// counters are the counts of a sign-in by user from r's source address.
func (c *console) counters(r httpedge.Request, user string) (byUser, bySource counter) {
	name := func(scope, subject string) string {
		m := hmac.New(sha256.New, c.names)
		m.Write([]byte(scope + "\x00" + subject))
		return scope + "#" + base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
	}
	// The pool's user names are not case-sensitive, so neither is the count.
	return counter{name("user", strings.ToLower(strings.TrimSpace(user))), freeUserFailures},
		counter{name("source", r.Event.RequestContext.HTTP.SourceIP), freeSourceFailures}
}

// backoff is how long after the last of n failures the next attempt waits.
func backoff(n, free int) time.Duration {
	if n < free {
		return 0
	}
	return min(time.Second<<min(n-free, 16), maxWait)
}

// wait returns how long a sign-in by user from r's source must still wait; 0
// lets it try.
func (c *console) wait(ctx context.Context, r httpedge.Request, user string) (time.Duration, error) {
	now := c.Now()
	byUser, bySource := c.counters(r, user)
	var longest time.Duration
	for _, k := range []counter{byUser, bySource} {
		n, last, err := c.Store.Failures(ctx, k.name)
		if err != nil {
			return 0, err
		}
		if since := now.Sub(last); since < failureMemory {
			longest = max(longest, backoff(n, k.free)-since)
		}
	}
	return longest, nil
}

// failed counts a failed sign-in by user from r's source. A count that cannot
// be written is logged: the sign-in failed anyway.
func (c *console) failed(ctx context.Context, r httpedge.Request, user string) {
	now := c.Now()
	byUser, bySource := c.counters(r, user)
	for _, k := range []counter{byUser, bySource} {
		if err := c.Store.AddFailure(ctx, k.name, now, now.Add(failureMemory)); err != nil {
			logging.From(ctx).WithError(err).Warn("a failed sign-in was not counted")
		}
	}
}

// succeeded forgets user's failures.
func (c *console) succeeded(ctx context.Context, r httpedge.Request, user string) {
	byUser, _ := c.counters(r, user)
	if err := c.Store.ForgetFailures(ctx, byUser.name); err != nil {
		logging.From(ctx).WithError(err).Warn("failed sign-ins not forgotten")
	}
}
