package web_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms/formparse"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/keyring"
	"github.com/putuo-compliance/intake/shared/routing"
	"github.com/putuo-compliance/intake/shared/web"
)

// checkKey posts the form to its check page and returns the idempotency key the
// page carries for the send.
func (e env) checkKey(t *testing.T) string {
	t.Helper()
	check := e.do(t, post("/consultation", "", consultation(), browserID))
	idem := regexp.MustCompile(`name="idem" value="([^"]+)"`).FindStringSubmatch(check.Body)
	if check.StatusCode != 200 || idem == nil {
		t.Fatalf("check page %d without an idempotency key", check.StatusCode)
	}
	return idem[1]
}

// A key the contract does not allow (a tampered hidden field) is dropped, not
// passed on: each send is then a submission of its own.
func TestTamperedKeyDropped(t *testing.T) {
	for _, key := range []string{strings.Repeat("k", 65), "k\x01", "钥匙"} {
		t.Run(fmt.Sprintf("%q", key), func(t *testing.T) {
			e := newEnv()
			send := with(consultation(), "step", "send", "idem", key)
			for i := range 2 {
				if resp := e.do(t, post("/consultation", "", send, browserID)); resp.StatusCode != 200 {
					t.Fatalf("send %d: status %d", i, resp.StatusCode)
				}
			}
			if e.store.Len() != 2 {
				t.Fatalf("stored %d, want 2: the tampered key was used", e.store.Len())
			}
		})
	}
}

// The same key with other answers is the API's 409, on the error page.
func TestReusedKeyConflict(t *testing.T) {
	e := newEnv()
	key := e.checkKey(t)
	if resp := e.do(t, post("/consultation", "", with(consultation(), "step", "send", "idem", key), browserID)); resp.StatusCode != 200 {
		t.Fatalf("first send: %d", resp.StatusCode)
	}
	resp := e.do(t, post("/consultation", "lang=en", with(consultation(), "step", "send", "idem", key, "incident.title", "Another title"), browserID))
	if resp.StatusCode != 409 {
		t.Fatalf("status %d, want 409", resp.StatusCode)
	}
	for _, w := range []string{"We could not handle this request", "What you sent could not be read."} {
		if !strings.Contains(resp.Body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	if strings.Contains(resp.Body, "Another title") || e.store.Len() != 1 {
		t.Errorf("stored %d; want the first submission only, and no answers on the page", e.store.Len())
	}
	checkHeaders(t, resp)
}

// A failure of the domain gets the pages' status from the edge's table and the
// page that lets the firm go on: a passing failure keeps the answers to send
// again with the same key.
func TestFailurePages(t *testing.T) {
	tests := []struct {
		name       string
		fail       error
		status     bool // the status lookup, not a send
		wantStatus int
		want       []string
	}{
		{"send, store unavailable", apperr.Unavailable(errors.New("throttled")), false, 503, []string{"暂时无法提交，您的回答均已保留", `name="idem" value="the-key"`, `value="诈骗团伙冒充客服。"`}},
		{"send, conflict", fmt.Errorf("key taken: %w", apperr.ErrConflict), false, 409, []string{"无法读取提交的内容。"}},
		{"send, a bug", errors.New("boom: secret detail"), false, 500, []string{"服务出现内部错误"}},
		{"status, store unavailable", apperr.Unavailable(errors.New("throttled")), true, 503, []string{"服务暂时繁忙，请稍后重试。"}},
		{"status, a bug", errors.New("boom: secret detail"), true, 500, []string{"服务出现内部错误"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv()
			e.store.Fail = tt.fail
			ev := post("/consultation", "", with(consultation(), "step", "send", "idem", "the-key"), browserID)
			if tt.status {
				ev = post("/status", "", url.Values{"csrf": {csrf}, "reference": {"C-2222-2222"}, "token": {"AAAAAAAAAAAAAAAAAAAAAA"}}, browserID)
			}
			resp := e.do(t, ev)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			for _, w := range tt.want {
				if !strings.Contains(resp.Body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if strings.Contains(resp.Body, "secret detail") || strings.Contains(resp.Body, "throttled") {
				t.Error("the page shows the cause")
			}
			if resp.Headers["Retry-After"] != "" {
				t.Errorf("Retry-After %q on a page", resp.Headers["Retry-After"])
			}
			checkHeaders(t, resp)
		})
	}
}

// A send carries the client's X-Correlation-Id, when well-formed, to the queue
// message, as the JSON API does; else API Gateway's request id.
func TestCorrelationID(t *testing.T) {
	tests := []struct {
		name, give, want string
	}{
		{"client's", "client-id.1", "client-id.1"},
		{"malformed", "bad id <script>", "request-1"},
		{"none", "", "request-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv()
			ev := post("/consultation", "", with(consultation(), "step", "send", "idem", "k-1"), browserID)
			ev.RequestContext.RequestID = "request-1"
			if tt.give != "" {
				ev.Headers["x-correlation-id"] = tt.give
			}
			if resp := e.do(t, ev); resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			var got []string
			for _, ms := range e.queue.Sent {
				for _, m := range ms {
					got = append(got, m.CorrelationID)
				}
			}
			if len(got) != 1 || got[0] != tt.want {
				t.Fatalf("message correlation ids %q, want [%s]", got, tt.want)
			}
		})
	}
}

// Without the server secret (Secrets Manager unreachable) no form can carry a
// CSRF token: every page is the busy page, without a form or a cookie, and a
// post stores nothing; the next request reads the secret again.
func TestSecretUnavailable(t *testing.T) {
	e := newEnv()
	down := true
	flaky := keyring.New(func(context.Context) (string, error) {
		if down {
			return "", apperr.Unavailable(errors.New("secrets manager down"))
		}
		return provision.LocalSecret, nil
	})
	log := logrus.New()
	log.SetLevel(logrus.PanicLevel)
	svc := &intake.Service{Store: e.store, Queue: e.queue, Parser: formparse.New(func() time.Time { return today }), Rules: routing.Default(), Now: func() time.Time { return today }, Keys: keys}
	h := web.New(svc, svc.Parser, false, flaky, log)
	e.h = h
	for _, ev := range []events.APIGatewayV2HTTPRequest{get("/consultation", "lang=en"), post("/consultation", "lang=en", with(consultation(), "step", "send"), browserID)} {
		resp := e.do(t, ev)
		if resp.StatusCode != 503 || !strings.Contains(resp.Body, "The service is busy") || strings.Contains(resp.Body, "<form") || len(resp.Cookies) != 0 {
			t.Errorf("%s: %d, cookies %v\n%s", ev.RouteKey, resp.StatusCode, resp.Cookies, resp.Body)
		}
	}
	if e.store.Len() != 0 {
		t.Fatal("stored a post that was not checked")
	}
	down = false
	if resp := e.do(t, post("/consultation", "", with(consultation(), "step", "send"), browserID)); resp.StatusCode != 200 || e.store.Len() != 1 {
		t.Fatalf("after recovery: %d, stored %d", resp.StatusCode, e.store.Len())
	}
}

// Over its network's hourly limit a send gets 429 with Retry-After, and the
// check page again, in the page's language, saying how long to wait, with
// every answer kept and nothing stored.
func TestClientLimitPage(t *testing.T) {
	tests := []struct {
		lang string
		want string
	}{
		{"zh-CN", "请在 40 分钟后再次点击“确认并提交”"},
		{"en", "please press &#34;Accept and send&#34; again in 40 minutes"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			e := newEnv()
			clock := today.Add(20 * time.Minute) // 40 minutes left in the hour
			log := logrus.New()
			log.SetLevel(logrus.PanicLevel)
			svc := &intake.Service{Store: e.store, Queue: e.queue, Parser: formparse.New(func() time.Time { return today }), Rules: routing.Default(),
				Now: func() time.Time { return clock }, Keys: keys, Counter: e.store, Limits: intake.Limits{SubmissionsPerClient: 1}}
			e.h = web.New(svc, svc.Parser, false, keys, log)
			send := func(key string) events.APIGatewayV2HTTPResponse {
				ev := post("/consultation", "lang="+tt.lang, with(consultation(), "step", "send", "idem", key), browserID)
				ev.RequestContext.HTTP.SourceIP = "203.0.113.7"
				return e.do(t, ev)
			}
			if resp := send("key-1"); resp.StatusCode != 200 {
				t.Fatalf("first send: %d", resp.StatusCode)
			}
			resp := send("key-2")
			if resp.StatusCode != 429 || resp.Headers["Retry-After"] != "2400" {
				t.Fatalf("second send: %d, Retry-After %q; want 429, 2400", resp.StatusCode, resp.Headers["Retry-After"])
			}
			for _, w := range []string{tt.want, `name="step" value="send"`, `value="客服系统被冒用"`, `name="idem" value="key-2"`} {
				if !strings.Contains(resp.Body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if e.store.Len() != 1 {
				t.Errorf("stored %d, want 1", e.store.Len())
			}
			if resp := send("key-1"); resp.StatusCode != 200 {
				t.Errorf("the first send again (a reload): %d, want its receipt", resp.StatusCode)
			}
		})
	}
}
