package console_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A good password starts a session: a random id in an HttpOnly,
// SameSite=Strict cookie, __Host- prefixed and Secure over HTTPS, that lasts
// as long as the token.
func TestSignInSetsTheSessionCookie(t *testing.T) {
	tests := []struct {
		name       string
		https      bool
		wantCookie string
	}{
		{"local, plain HTTP", false, "intake_staff"},
		{"behind API Gateway, HTTPS", true, "__Host-intake_staff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			b := w.browser()
			b.https = tt.https
			resp := b.signIn(psStaff.Name, psStaff.Password, http.StatusSeeOther)
			if loc := resp.Headers["Location"]; loc != "/staff?lang=zh-CN" {
				t.Errorf("Location %q", loc)
			}
			var cookie *http.Cookie
			for _, c := range resp.Cookies {
				if ck, _ := http.ParseSetCookie(c); ck != nil && ck.Name == tt.wantCookie {
					cookie = ck
				}
			}
			if cookie == nil {
				t.Fatalf("no %s cookie in %v", tt.wantCookie, resp.Cookies)
			}
			if !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || cookie.Path != "/" || cookie.Secure != tt.https || cookie.Domain != "" {
				t.Errorf("cookie %+v", cookie)
			}
			if cookie.MaxAge < 3500 || cookie.MaxAge > 3600 {
				t.Errorf("Max-Age %d, want the token's hour", cookie.MaxAge)
			}
			if strings.Count(cookie.Value, ".") == 2 || len(cookie.Value) != 43 {
				t.Errorf("the cookie holds %q, want a random id, not a token", cookie.Value)
			}
			if page := b.get("/staff"); page.StatusCode != 200 || !strings.Contains(page.Body, "普陀公安分局 · 待办事项") {
				t.Errorf("overview: %d\n%s", page.StatusCode, main(page))
			}
		})
	}
}

// A wrong password and an unknown user name get the same answer: nothing
// tells whether the user exists.
func TestWrongPasswordSaysNothingMore(t *testing.T) {
	w := newWorld(t)
	wrong := w.browser().signIn(psStaff.Name, "Not-The-Password-1!", http.StatusUnauthorized)
	unknown := w.browser().signIn("nobody-here", "Not-The-Password-1!", http.StatusUnauthorized)
	if same(main(wrong), psStaff.Name) != same(main(unknown), "nobody-here") {
		t.Errorf("the pages differ:\n%s\n---\n%s", main(wrong), main(unknown))
	}
	if !strings.Contains(wrong.Body, "用户名或密码不正确") || !strings.Contains(wrong.Body, `href="#username"`) {
		t.Errorf("no plain error with a link to the field:\n%s", main(wrong))
	}
	for _, c := range wrong.Cookies {
		if strings.HasPrefix(c, "intake_staff=") {
			t.Errorf("a session after a wrong password: %s", c)
		}
	}
}

func TestSignInNeedsBothFields(t *testing.T) {
	w := newWorld(t)
	b := w.browser()
	b.get("/staff/login")
	resp := b.post("/staff/login", url.Values{"username": {""}, "password": {""}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("%d", resp.StatusCode)
	}
	for _, want := range []string{`href="#username"`, `href="#password"`, `id="username-error"`, `aria-invalid="true"`} {
		if !strings.Contains(resp.Body, want) {
			t.Errorf("no %s:\n%s", want, main(resp))
		}
	}
}

// Sign-in attempts are slowed per user name and address: past five in a
// minute the next waits for the next minute, even with the right password,
// and an unknown name is held to the same, in the same words; other names are
// not held.
func TestAttemptsSlowTheUserName(t *testing.T) {
	w := newThrottledWorld(t)
	for range 5 {
		w.browser().signIn(psStaff.Name, "Guess-Password-1!", http.StatusUnauthorized)
	}
	held := w.browser().signIn(psStaff.Name, psStaff.Password, http.StatusTooManyRequests)
	if !strings.Contains(held.Body, "登录尝试次数过多，请 60 秒后再试") || !strings.Contains(held.Body, `href="#username"`) {
		t.Errorf("no wait message:\n%s", main(held))
	}
	for range 5 {
		w.browser().signIn("no-such-user", "Guess-Password-1!", http.StatusUnauthorized)
	}
	if unknown := w.browser().signIn("No-Such-User", "Guess-Password-1!", http.StatusTooManyRequests); same(main(unknown), "No-Such-User") != same(main(held), psStaff.Name) {
		t.Errorf("an unknown user is held back in other words:\n%s\n---\n%s", main(unknown), main(held))
	}
	w.browser().signIn(psOther.Name, psOther.Password, http.StatusSeeOther) // another user name: not held

	w.advance(time.Minute)
	w.browser().signIn(psStaff.Name, psStaff.Password, http.StatusSeeOther)
}

// Past twenty attempts in an hour, the next waits for the next hour.
func TestAttemptsBackOffByTheHour(t *testing.T) {
	w := newThrottledWorld(t)
	for range 4 {
		for range 5 {
			w.browser().signIn(psStaff.Name, "Guess-Password-1!", http.StatusUnauthorized)
		}
		w.advance(time.Minute)
	}
	held := w.browser().signIn(psStaff.Name, psStaff.Password, http.StatusTooManyRequests)
	if !strings.Contains(held.Body, "请 56 分钟后再试") {
		t.Errorf("no wait for the hour:\n%s", main(held))
	}
	w.advance(56 * time.Minute)
	w.browser().signIn(psStaff.Name, psStaff.Password, http.StatusSeeOther)
}

// Many user names tried from one address slow that address, and not others.
func TestAttemptsSlowTheSource(t *testing.T) {
	w := newThrottledWorld(t)
	for i := range 30 {
		w.browser().signIn("guess-"+string(rune('a'+i)), "Guess-Password-1!", http.StatusUnauthorized)
	}
	w.browser().signIn(psStaff.Name, psStaff.Password, http.StatusTooManyRequests)
	elsewhere := w.browser()
	elsewhere.source = "198.51.100.9"
	elsewhere.signIn(psStaff.Name, psStaff.Password, http.StatusSeeOther)
}

// from is a browser at another address.
func (w *world) from(source string) *browser {
	b := w.browser()
	b.source = source
	return b
}

// Someone guessing a user's password from one address, as fast as the
// budgets let them, is held back there, and the user still signs in from
// their own address all along.
func TestGuessingElsewhereLeavesTheUserIn(t *testing.T) {
	w := newThrottledWorld(t)
	for range 4 {
		for range 5 {
			w.from("198.51.100.66").signIn(strings.ToUpper(psStaff.Name), "Guess-Password-1!", http.StatusUnauthorized)
		}
		w.signedIn(psStaff)
		w.advance(time.Minute)
	}
	held := w.from("198.51.100.66").signIn(psStaff.Name, psStaff.Password, http.StatusTooManyRequests) // the hour's 20 spent
	if !strings.Contains(held.Body, "请 56 分钟后再试") {
		t.Errorf("no wait for the hour:\n%s", main(held))
	}
	w.signedIn(psStaff)
}

// A user's own sign-ins never spend the budget of their user name: from six
// places in one minute (a phone, a laptop, colleagues' machines), and more
// often in an hour than that budget's 100 failures, each one signs them in.
func TestSignInsDoNotSpendTheUserName(t *testing.T) {
	w := newThrottledWorld(t)
	for i := range 101 {
		w.from(fmt.Sprintf("198.51.100.%d", 10+i)).signIn(psStaff.Name, psStaff.Password, http.StatusSeeOther)
	}
}

// Guessing spread over many addresses is held back by the user name's budget:
// past 100 failures in an hour from anywhere, the user name waits for the next
// hour, the user too, whatever the password; other user names do not.
func TestGuessingFromManyAddressesHoldsTheUserName(t *testing.T) {
	w := newThrottledWorld(t)
	for range 4 {
		for i := range 5 {
			for range 5 {
				w.from(fmt.Sprintf("198.51.100.%d", 20+i)).signIn(psStaff.Name, "Guess-Password-1!", http.StatusUnauthorized)
			}
		}
		w.advance(time.Minute)
	}
	held := w.browser().signIn(psStaff.Name, psStaff.Password, http.StatusTooManyRequests)
	if !strings.Contains(held.Body, "请 56 分钟后再试") {
		t.Errorf("no wait for the hour:\n%s", main(held))
	}
	w.from("198.51.100.99").signIn(psStaff.Name, psStaff.Password, http.StatusTooManyRequests)
	w.signedIn(psOther)
	w.advance(56 * time.Minute)
	w.signedIn(psStaff)
}

// A user an administrator made with a temporary password sets their own at
// the first sign-in, and is then signed in.
func TestFirstSignInSetsANewPassword(t *testing.T) {
	w := newWorld(t)
	b := w.browser()
	page := b.signIn(newcomer.Name, newcomer.Password, http.StatusOK)
	if !strings.Contains(page.Body, "设置新密码") || !strings.Contains(page.Body, `autocomplete="new-password"`) {
		t.Fatalf("no new-password page:\n%s", main(page))
	}
	tests := []struct {
		name, password, confirm string
		want                    int
		wantText                string
	}{
		{"missing", "", "", http.StatusUnprocessableEntity, `href="#password"`},
		{"not the same twice", "Brand-New-Pass-2!", "Brand-New-Pass-3!", http.StatusUnprocessableEntity, "两次输入的密码不一致"},
		{"under the policy", "Short-1!", "Short-1!", http.StatusUnprocessableEntity, "密码不符合要求"},
		{"good", "Brand-New-Pass-2!", "Brand-New-Pass-2!", http.StatusSeeOther, ""},
	}
	for _, tt := range tests {
		resp := b.post("/staff/password", url.Values{"password": {tt.password}, "confirm": {tt.confirm}})
		if resp.StatusCode != tt.want || !strings.Contains(resp.Body, tt.wantText) {
			t.Errorf("%s: %d, want %d with %q\n%s", tt.name, resp.StatusCode, tt.want, tt.wantText, main(resp))
		}
	}
	if page := b.get("/staff"); page.StatusCode != 200 || !strings.Contains(page.Body, "普陀区委网信办 · 待办事项") {
		t.Errorf("not signed in after the new password: %d\n%s", page.StatusCode, main(page))
	}
	if w.pool.Password(newcomer.Name) != "Brand-New-Pass-2!" {
		t.Error("the pool did not get the new password")
	}
	// A challenge's session is not a signed-in one.
	half := w.browser()
	half.signIn(psStaff.Name, psStaff.Password, http.StatusSeeOther)
	if resp := half.post("/staff/password", url.Values{"password": {"Brand-New-Pass-4!"}, "confirm": {"Brand-New-Pass-4!"}}); resp.StatusCode != http.StatusSeeOther ||
		!strings.HasPrefix(resp.Headers["Location"], "/staff/login") {
		t.Errorf("a new password without a challenge: %d %v", resp.StatusCode, resp.Headers)
	}
}

// The session ends when its token expires: the next page asks to sign in.
func TestSessionEndsAtTokenExpiry(t *testing.T) {
	w := newWorld(t)
	b := w.signedIn(psStaff)
	w.advance(59 * time.Minute)
	if resp := b.get("/staff"); resp.StatusCode != 200 {
		t.Fatalf("within the hour: %d", resp.StatusCode)
	}
	w.advance(2 * time.Minute)
	resp := b.get("/staff")
	if resp.StatusCode != http.StatusSeeOther || resp.Headers["Location"] != "/staff/login?ended=1&lang=zh-CN" {
		t.Fatalf("after the hour: %d %v", resp.StatusCode, resp.Headers)
	}
	if len(b.cookies["intake_staff"]) != 0 {
		t.Error("the expired session's cookie was not cleared")
	}
	if login := b.get("/staff/login?ended=1"); !strings.Contains(login.Body, "登录已过期") {
		t.Errorf("the sign-in page does not say why:\n%s", main(login))
	}
}

// Signing out ends the session at once, here and at the pool; the old cookie
// is worth nothing.
func TestSignOut(t *testing.T) {
	w := newWorld(t)
	b := w.signedIn(psStaff)
	b.get("/staff")
	old := b.cookies["intake_staff"]
	resp := b.post("/staff/logout", url.Values{})
	if resp.StatusCode != http.StatusSeeOther || resp.Headers["Location"] != "/staff/login?out=1&lang=zh-CN" {
		t.Fatalf("sign out: %d %v", resp.StatusCode, resp.Headers)
	}
	if _, ok := b.cookies["intake_staff"]; ok {
		t.Error("the session cookie is still set")
	}
	if got := w.pool.SignedOut(); len(got) != 1 {
		t.Errorf("signed out at the pool %d times, want once", len(got))
	}
	if w.store.Sessions() != 0 {
		t.Errorf("%d sessions stored after sign-out", w.store.Sessions())
	}
	b.cookies["intake_staff"] = old
	if resp := b.get("/staff"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the old cookie still works: %d", resp.StatusCode)
	}
}

// Without a session every page but sign-in sends the browser there; a cookie
// that names no session, or whose session was made for another id, is none.
func TestPagesNeedASession(t *testing.T) {
	w := newWorld(t)
	ref := w.waiting(false, time.Hour).Reference
	forged := w.browser()
	forged.cookies["intake_staff"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	for _, b := range []*browser{w.browser(), forged} {
		for _, path := range []string{"/staff", "/staff/items/" + ref, "/staff/export"} {
			resp := b.get(path)
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Headers["Location"], "/staff/login") {
				t.Errorf("%s: %d %v", path, resp.StatusCode, resp.Headers)
			}
		}
	}
	if w.get(ref).Version != 3 {
		t.Error("the submission changed")
	}
}

// same is a page with what differs between two browsers' answers by design
// taken out: the CSRF token, the user name typed.
func same(page, user string) string {
	return csrfPattern.ReplaceAllString(strings.ReplaceAll(page, user, "USER"), "CSRF")
}
