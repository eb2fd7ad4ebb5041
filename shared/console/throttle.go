package console

import (
	"context"
	"strings"
	"time"

	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
)

// Password guessing is slowed, not stopped: each sign-in attempt is counted,
// before the password is checked, against budgets of its user name and of its
// source address in the table (intake.Limiter: the abuse limits' counters,
// which every instance of the function shares, named by HMAC digests, so the
// table keeps no user name or address). The budgets come in two lengths: past
// a few attempts in a minute the next waits for the next minute, past more in
// an hour for the next hour. An attempt over budget is refused whatever its
// password, in the same words for a user name that exists and one that does
// not. The source's budgets are larger: an office may sign in from one
// address. Successes count too, which a person signing in a few times a day
// never notices.
var signInBudgets = []struct {
	scope  string // one window length each: the window's start names its budget
	byUser bool   // the user name's budget, else the source address's
	limit  int
	window time.Duration
}{
	{"signin-user-minute", true, 5, time.Minute},
	{"signin-user-hour", true, 20, time.Hour},
	{"signin-source-minute", false, 30, time.Minute},
	{"signin-source-hour", false, 300, time.Hour},
}

// admit counts a sign-in attempt by user from r's source against each budget,
// and returns how long it must wait when one is spent (0: it may try).
func (c *console) admit(ctx context.Context, r httpedge.Request, user string) (time.Duration, error) {
	l := intake.Limiter{Counter: c.Counter, Keys: c.Keys, Now: c.Now}
	// The pool's user names are not case-sensitive, so neither is the count.
	name, source := strings.ToLower(strings.TrimSpace(user)), r.Client()
	var wait time.Duration
	for _, b := range signInBudgets {
		subject := source
		if b.byUser {
			subject = name
		}
		ok, retryAfter, err := l.Take(ctx, b.scope, subject, b.limit, b.window)
		if err != nil {
			return 0, err
		}
		if !ok {
			wait = max(wait, retryAfter)
		}
	}
	return wait, nil
}
