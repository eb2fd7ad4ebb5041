package console

import (
	"context"
	"errors"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/cognito"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/logging"
)

// loginView is the sign-in page's and the new-password page's content.
type loginView struct {
	Off      bool // the stack trusts another issuer: no sign-in here
	Username string
	Fields   map[string]string // field id -> its error
}

// loginPage answers GET /staff/login; a signed-in staff member goes on to the
// worklist.
func (c *console) loginPage(ctx context.Context, r httpedge.Request) events.APIGatewayV2HTTPResponse {
	if _, err := c.signedIn(ctx, r); err == nil {
		return redirect(r, "/staff")
	}
	notice := ""
	for _, k := range []string{"out", "ended", "expired"} {
		if r.Event.QueryStringParameters[k] != "" {
			notice = text("login."+k, r.Lang)
		}
	}
	return c.login(ctx, r, http.StatusOK, loginView{Off: c.Pool == nil}, notice, nil)
}

func (c *console) login(ctx context.Context, r httpedge.Request, status int, v loginView, notice string, errs []errorLink, cookies ...string) events.APIGatewayV2HTTPResponse {
	p := page{Title: text("login.title", r.Lang), Self: "/staff/login", Notice: notice, Content: v}
	if len(errs) > 0 {
		p.Errors = &errorSummary{Title: text("errors.title", r.Lang), Links: errs}
	}
	resp := c.render(ctx, r, status, "login", p)
	resp.Cookies = append(resp.Cookies, cookies...)
	return resp
}

// signIn answers POST /staff/login: the user name and password, checked by
// the pool. A wrong password and an unknown user get the same words; an
// attempt that must wait (throttle.go) is refused before either is checked.
func (c *console) signIn(ctx context.Context, r httpedge.Request) events.APIGatewayV2HTTPResponse {
	form, err := c.posted(r)
	if err != nil {
		return c.problem(ctx, r, nil, err)
	}
	v := loginView{Off: c.Pool == nil, Username: strings.TrimSpace(form.Get("username")), Fields: map[string]string{}}
	password := form.Get("password")
	if v.Off {
		return c.login(ctx, r, http.StatusForbidden, v, "", nil)
	}
	errs := v.require(r, form, "username", "password")
	if len(errs) > 0 {
		return c.login(ctx, r, http.StatusUnprocessableEntity, v, "", errs)
	}
	wait, err := c.wait(ctx, r, v.Username)
	if err != nil {
		return c.problem(ctx, r, nil, err)
	}
	if wait > 0 {
		logging.From(ctx).Info("sign-in held back: too many failures")
		return c.login(ctx, r, http.StatusTooManyRequests, v, "", []errorLink{{Href: "#username", Message: waitText(wait, r)}})
	}
	res, err := c.Pool.SignIn(ctx, v.Username, password)
	switch {
	case errors.Is(err, cognito.ErrBadCredentials):
		c.failed(ctx, r, v.Username)
		logging.From(ctx).Info("sign-in refused")
		return c.login(ctx, r, http.StatusUnauthorized, v, "", []errorLink{{Href: "#username", Message: text("login.wrong", r.Lang)}})
	case errors.Is(err, cognito.ErrUnsupportedStep):
		return c.login(ctx, r, http.StatusForbidden, v, "", []errorLink{{Href: "#username", Message: text("login.step", r.Lang)}})
	case err != nil:
		return c.problem(ctx, r, nil, err)
	}
	c.succeeded(ctx, r, v.Username)
	if res.NewPasswordSession != "" {
		cookie, err := c.startSession(ctx, r, session{Stage: stageNewPassword, User: v.Username, Challenge: res.NewPasswordSession},
			c.Now().Add(challengeTTL))
		if err != nil {
			return c.problem(ctx, r, nil, err)
		}
		return c.passwordPage(ctx, r, http.StatusOK, loginView{}, nil, cookie)
	}
	return c.enter(ctx, r, res.Tokens)
}

// require marks each of the named fields that is empty.
func (v loginView) require(r httpedge.Request, form url.Values, names ...string) []errorLink {
	var errs []errorLink
	for _, name := range names {
		if strings.TrimSpace(form.Get(name)) == "" {
			msg := text("login.need."+name, r.Lang)
			v.Fields[name] = msg
			errs = append(errs, errorLink{Href: "#" + name, Message: msg})
		}
	}
	return errs
}

func (c *console) passwordPage(ctx context.Context, r httpedge.Request, status int, v loginView, errs []errorLink, cookies ...string) events.APIGatewayV2HTTPResponse {
	p := page{Title: text("password.title", r.Lang), Self: "/staff/login", Content: v}
	if len(errs) > 0 {
		p.Errors = &errorSummary{Title: text("errors.title", r.Lang), Links: errs}
	}
	resp := c.render(ctx, r, status, "password", p)
	resp.Cookies = append(resp.Cookies, cookies...)
	return resp
}

// newPassword answers POST /staff/password: the new password of a first
// sign-in, set at the pool, which signs the staff member in.
func (c *console) newPassword(ctx context.Context, r httpedge.Request) events.APIGatewayV2HTTPResponse {
	form, err := c.posted(r)
	if err != nil {
		return c.problem(ctx, r, nil, err)
	}
	key, s, err := c.currentSession(ctx, r)
	if err == nil && s.Stage != stageNewPassword {
		err = errNoSession
	}
	if err != nil || c.Pool == nil {
		return c.problem(ctx, r, nil, errNoSession)
	}
	v := loginView{Fields: map[string]string{}}
	errs := v.require(r, form, "password", "confirm")
	if len(errs) == 0 && form.Get("password") != form.Get("confirm") {
		v.Fields["confirm"] = text("password.differ", r.Lang)
		errs = append(errs, errorLink{Href: "#confirm", Message: v.Fields["confirm"]})
	}
	if len(errs) > 0 {
		return c.passwordPage(ctx, r, http.StatusUnprocessableEntity, v, errs)
	}
	res, err := c.Pool.SetNewPassword(ctx, s.User, form.Get("password"), s.Challenge)
	switch {
	case errors.Is(err, cognito.ErrPasswordPolicy):
		v.Fields["password"] = text("password.policy", r.Lang)
		return c.passwordPage(ctx, r, http.StatusUnprocessableEntity, v, []errorLink{{Href: "#password", Message: v.Fields["password"]}})
	case errors.Is(err, cognito.ErrChallengeExpired):
		if err := c.Store.DeleteSession(ctx, key); err != nil {
			return c.problem(ctx, r, nil, err)
		}
		return redirect(r, "/staff/login?expired=1", c.clearSession(r)...)
	case err != nil:
		return c.problem(ctx, r, nil, err)
	}
	if err := c.Store.DeleteSession(ctx, key); err != nil {
		return c.problem(ctx, r, nil, err)
	}
	return c.enter(ctx, r, res.Tokens)
}

// enter starts the session of a sign-in's tokens, once its ID token passes as
// every later request's will, and goes on to the worklist. The session ends
// when the token expires.
func (c *console) enter(ctx context.Context, r httpedge.Request, t *cognito.Tokens) events.APIGatewayV2HTTPResponse {
	tok, err := c.Verifier.Verify(ctx, t.ID)
	if err != nil {
		return c.problem(ctx, r, nil, err)
	}
	by, err := httpedge.StaffOf(tok.Claims) // an account without an agency may not work here
	if err != nil {
		return c.problem(ctx, r, nil, err)
	}
	expires, err := expiry(tok.Claims)
	if err != nil {
		return c.problem(ctx, r, nil, err)
	}
	cookie, err := c.startSession(ctx, r, session{Stage: stageSignedIn, IDToken: t.ID, Access: t.Access}, expires)
	if err != nil {
		return c.problem(ctx, r, nil, err)
	}
	logging.From(ctx).WithFields(logrus.Fields{"staff": by.ID, "agency": by.Agency}).Info("staff signed in")
	return redirect(r, "/staff", cookie)
}

// signOut answers POST /staff/logout: the session ends here at once, and the
// pool ends the user's tokens (GlobalSignOut), so that none of them works
// anywhere any more.
func (c *console) signOut(ctx context.Context, r httpedge.Request) events.APIGatewayV2HTTPResponse {
	if _, err := c.posted(r); err != nil {
		return c.problem(ctx, r, nil, err)
	}
	by, err := c.signedIn(ctx, r)
	if err != nil {
		return redirect(r, "/staff/login?out=1", c.clearSession(r)...)
	}
	if err := c.Store.DeleteSession(ctx, by.key); err != nil {
		return c.problem(ctx, r, &by, err)
	}
	if err := c.Pool.SignOut(ctx, by.access); err != nil { // c.Pool is set: someone signed in
		logging.From(ctx).WithError(err).Warn("signed out here, not at the pool")
	}
	logging.From(ctx).WithFields(logrus.Fields{"staff": by.ID, "agency": by.Agency}).Info("staff signed out")
	return redirect(r, "/staff/login?out=1", c.clearSession(r)...)
}

// waitText says how long to wait, in whole seconds or minutes, rounded up.
func waitText(d time.Duration, r httpedge.Request) string {
	n, unit := math.Ceil(d.Seconds()), "login.wait.s"
	if d > time.Minute {
		n, unit = math.Ceil(d.Minutes()), "login.wait.m"
	}
	return strings.ReplaceAll(text(unit, r.Lang), "{n}", strconv.Itoa(int(n)))
}
