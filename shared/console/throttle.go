package console

import (
	"context"
	"strings"
	"time"

	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
)

// Password guessing is slowed, and the person whose user name is guessed can
// still sign in from their own address. The budgets are in the table
// (intake.Limiter: the abuse limits' counters, which every instance of the
// function shares, named by HMAC digests, so the table keeps no user name or
// address), in fixed windows: past a budget, the next sign-in waits for the
// next window, whatever its password, in the same words for a user name that
// exists and one that does not.
//
//   - A user name from one address (the pair): 5 attempts a minute, 20 an hour.
//     The guessing of one account from one place; only the person's own
//     attempts from their own address spend it.
//   - One address, whatever the user names: 30 attempts a minute, 300 an hour.
//     Password spraying from one place; an office signs in from one address,
//     hence the size.
//   - A user name from every address: 100 failures an hour. Guessing spread
//     over many addresses; it takes five of them at the pair's pace to spend
//     it, and only then is the person held back too, for the rest of the hour.
//
// The pair's and the address's budgets count every attempt before the
// password is checked, each in one conditional write, so that attempts sent
// at once cannot slip past them; a person signing in a few times a day never
// notices. The user name's counts failures only: it is read before the
// password is checked and counted after a wrong one, so that the person's
// sign-ins never spend it, and what attempts sent at once can add past it is
// bounded by the pair's budgets. (OWASP's Authentication Cheat Sheet: lock
// out by failures, mind the denial of service an account lockout is.)
var signInBudgets = []struct {
	scope    string // one window length each: the window's start names its budget
	subject  func(user, source string) string
	failures bool // counted after a failed sign-in, else before each attempt
	limit    int
	window   time.Duration
}{
	{"signin-pair-minute", pair, false, 5, time.Minute},
	{"signin-pair-hour", pair, false, 20, time.Hour},
	{"signin-source-minute", source, false, 30, time.Minute},
	{"signin-source-hour", source, false, 300, time.Hour},
	{"signin-user-hour", user, true, 100, time.Hour},
}

func pair(user, source string) string { return user + "\x00" + source }
func source(_, source string) string  { return source }
func user(user, _ string) string      { return user }
func (c *console) limiter() intake.Limiter {
	return intake.Limiter{Counter: c.Counter, Keys: c.Keys, Now: c.Now}
}

// subjects are a sign-in's user name, as the pool compares it (not
// case-sensitive), and its source address.
func subjects(r httpedge.Request, name string) (string, string) {
	return strings.ToLower(strings.TrimSpace(name)), r.Client()
}

// admit counts a sign-in attempt by name from r's source against the
// attempts' budgets and checks the failures' ones, and returns how long it
// must wait when one is spent (0: it may try).
func (c *console) admit(ctx context.Context, r httpedge.Request, name string) (time.Duration, error) {
	l := c.limiter()
	u, s := subjects(r, name)
	var wait time.Duration
	for _, b := range signInBudgets {
		var ok bool
		var retryAfter time.Duration
		var err error
		if b.failures {
			var spent bool
			spent, retryAfter, err = l.Spent(ctx, b.scope, b.subject(u, s), b.limit, b.window)
			ok = !spent
		} else {
			ok, retryAfter, err = l.Take(ctx, b.scope, b.subject(u, s), b.limit, b.window)
		}
		if err != nil {
			return 0, err
		}
		if !ok {
			wait = max(wait, retryAfter)
		}
	}
	return wait, nil
}

// failed counts a failed sign-in by name from r's source against the
// failures' budgets.
func (c *console) failed(ctx context.Context, r httpedge.Request, name string) error {
	l := c.limiter()
	u, s := subjects(r, name)
	for _, b := range signInBudgets {
		if b.failures {
			// Past the limit, the count stays where it is: the budget is spent.
			if _, _, err := l.Take(ctx, b.scope, b.subject(u, s), b.limit, b.window); err != nil {
				return err
			}
		}
	}
	return nil
}
