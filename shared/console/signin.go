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
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/logging"
	"github.com/putuo-compliance/intake/shared/web"
)

// signInForm is the sign-in page's form, or the new-password page's: one
// template, the fields and words differ.
type signInForm struct {
	Title    string
	Lead     string
	Action   string // "": no form (the stack trusts another issuer)
	Button   string
	ButtonID string
	Fields   []fieldView
	SSO      string // the single sign-on link, when the console offers it
	SSOText  string
}

// loginForm is the sign-in form, with the user name typed: the password's
// when there is a pool, the single sign-on link when there is a provider.
func (c *console) loginForm(lang forms.Lang, username string) signInForm {
	f := signInForm{Title: text("login.title", lang), Lead: text("login.lead", lang), Action: web.Localized("/staff/login", lang),
		Button: text("login.button", lang), ButtonID: "sign-in"}
	if c.SSO != nil {
		f.SSO, f.SSOText = web.Localized("/staff/oidc/login", lang), text("login.sso", lang)
	}
	switch {
	case c.Pool == nil && c.SSO != nil:
		f.Lead, f.Action = text("login.sso.lead", lang), ""
	case c.Pool == nil:
		f.Lead, f.Action = text("login.off", lang), ""
	}
	user := field("username", "username", "text", lang)
	user.Label, user.Value, user.Autocomplete = text("login.username", lang), username, "username"
	password := field("password", "password", "text", lang)
	password.Label, password.Type, password.Autocomplete = text("login.password", lang), "password", "current-password"
	f.Fields = []fieldView{user, password}
	return f
}

// passwordForm is the first sign-in's form for a new password.
func passwordForm(lang forms.Lang) signInForm {
	f := signInForm{Title: text("password.title", lang), Lead: text("password.lead", lang), Action: web.Localized("/staff/password", lang),
		Button: text("password.button", lang), ButtonID: "set-password"}
	password := field("password", "password", "text", lang)
	password.Label, password.Hint, password.Type, password.Autocomplete = text("password.new", lang), text("password.hint", lang), "password", "new-password"
	confirm := field("confirm", "confirm", "text", lang)
	confirm.Label, confirm.Type, confirm.Autocomplete = text("password.confirm", lang), "password", "new-password"
	f.Fields = []fieldView{password, confirm}
	return f
}

// fault marks the field named with message.
func (f *signInForm) fault(name, message string) {
	for i := range f.Fields {
		if f.Fields[i].Name == name && f.Fields[i].Error == "" {
			f.Fields[i].Error = message
		}
	}
}

// require marks each field that is empty, and reports whether any is.
func (f *signInForm) require(form url.Values, lang forms.Lang) bool {
	missing := false
	for _, fv := range f.Fields {
		if strings.TrimSpace(form.Get(fv.Name)) == "" {
			f.fault(fv.Name, text("login.need."+fv.Name, lang))
			missing = true
		}
	}
	return missing
}

// signInPage renders f, its faults summed up at the top, with cookies set.
func (c *console) signInPage(ctx context.Context, r httpedge.Request, status int, f signInForm, notice string, cookies ...string) events.APIGatewayV2HTTPResponse {
	p := page{Title: f.Title, PageLang: web.PageLang{Self: "/staff/login"}, Notice: notice, Content: f}
	for _, fv := range f.Fields {
		if fv.Error != "" {
			if p.Errors == nil {
				p.Errors = &errorSummary{Title: text("errors.title", r.Lang)}
			}
			p.Errors.Links = append(p.Errors.Links, errorLink{Href: "#" + fv.ID, Message: fv.Error})
		}
	}
	resp := c.render(ctx, r, status, "signin", p)
	resp.Cookies = append(resp.Cookies, cookies...)
	return resp
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
	return c.signInPage(ctx, r, http.StatusOK, c.loginForm(r.Lang, ""), notice)
}

// signIn answers POST /staff/login: the user name and password, checked by
// the pool. A wrong password and an unknown user get the same words, and
// count as a failure; an attempt over its budgets (throttle.go) is refused
// before either is checked.
func (c *console) signIn(ctx context.Context, r httpedge.Request) events.APIGatewayV2HTTPResponse {
	form, err := c.posted(r)
	if err != nil {
		return c.problem(ctx, r, nil, err)
	}
	user, password := strings.TrimSpace(form.Get("username")), form.Get("password")
	f := c.loginForm(r.Lang, user)
	if c.Pool == nil {
		return c.signInPage(ctx, r, http.StatusForbidden, f, "")
	}
	if f.require(form, r.Lang) {
		return c.signInPage(ctx, r, http.StatusUnprocessableEntity, f, "")
	}
	wait, err := c.admit(ctx, r, user)
	if err != nil {
		return c.problem(ctx, r, nil, err)
	}
	if wait > 0 {
		logging.From(ctx).Info("sign-in held back: too many failures")
		f.fault("username", waitText(wait, r))
		return c.signInPage(ctx, r, http.StatusTooManyRequests, f, "")
	}
	res, err := c.Pool.SignIn(ctx, user, password)
	switch {
	case errors.Is(err, cognito.ErrBadCredentials):
		logging.From(ctx).Info("sign-in refused")
		if err := c.failed(ctx, r, user); err != nil {
			return c.problem(ctx, r, nil, err)
		}
		f.fault("username", text("login.wrong", r.Lang))
		return c.signInPage(ctx, r, http.StatusUnauthorized, f, "")
	case errors.Is(err, cognito.ErrUnsupportedStep):
		f.fault("username", text("login.step", r.Lang))
		return c.signInPage(ctx, r, http.StatusForbidden, f, "")
	case err != nil:
		return c.problem(ctx, r, nil, err)
	}
	if res.NewPasswordSession != "" {
		cookie, err := c.startSession(ctx, r, session{Stage: stageNewPassword, User: user, Challenge: res.NewPasswordSession},
			c.Now().Add(challengeTTL))
		if err != nil {
			return c.problem(ctx, r, nil, err)
		}
		return c.signInPage(ctx, r, http.StatusOK, passwordForm(r.Lang), "", cookie)
	}
	return c.enter(ctx, r, res.Tokens)
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
	f := passwordForm(r.Lang)
	if !f.require(form, r.Lang) && form.Get("password") != form.Get("confirm") {
		f.fault("confirm", text("password.differ", r.Lang))
	}
	if f.Fields[0].Error != "" || f.Fields[1].Error != "" {
		return c.signInPage(ctx, r, http.StatusUnprocessableEntity, f, "")
	}
	res, err := c.Pool.SetNewPassword(ctx, s.User, form.Get("password"), s.Challenge)
	switch {
	case errors.Is(err, cognito.ErrPasswordPolicy):
		f.fault("password", text("password.policy", r.Lang))
		return c.signInPage(ctx, r, http.StatusUnprocessableEntity, f, "")
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
	return c.start(ctx, r, session{Stage: stageSignedIn, IDToken: t.ID, Access: t.Access}, tok.Claims)
}

// start starts session s, whose ID token was verified with claims, for
// either way in (the password's, single sign-on's), and goes on to the
// worklist with cookies set. An account without an agency may not work here.
func (c *console) start(ctx context.Context, r httpedge.Request, s session, claims map[string]string, cookies ...string) events.APIGatewayV2HTTPResponse {
	by, err := c.Claims.Actor(claims)
	if err != nil {
		return c.problem(ctx, r, nil, err, cookies...)
	}
	expires, err := expiry(claims)
	if err != nil {
		return c.problem(ctx, r, nil, err, cookies...)
	}
	cookie, err := c.startSession(ctx, r, s, expires)
	if err != nil {
		return c.problem(ctx, r, nil, err, cookies...)
	}
	how := "password"
	if s.SSO {
		how = "oidc"
	}
	logSignIn(ctx, staff{Actor: by}, how)
	return redirect(r, "/staff", append(cookies, cookie)...)
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
	logging.From(ctx).WithFields(logrus.Fields{"staff": by.ID, "agency": by.Agency}).Info("staff signed out")
	if by.sso != "" && c.SSO != nil {
		// And at the provider, which sends the browser back to our sign-in
		// page: else its own session would sign them straight in again.
		if to := c.endSession(ctx, r, by.sso); to != "" {
			resp := redirect(r, "/staff/login?out=1", c.clearSession(r)...)
			resp.Headers["Location"] = to
			return resp
		}
		return redirect(r, "/staff/login?out=1", c.clearSession(r)...)
	}
	if c.Pool != nil && by.access != "" {
		if err := c.Pool.SignOut(ctx, by.access); err != nil {
			logging.From(ctx).WithError(err).Warn("signed out here, not at the pool")
		}
	}
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
