package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// The status page gives times as firms read them, in Shanghai's time (UTC+8):
// a submission at 10:00 UTC shows 18:00.
func TestStatusTimesInShanghai(t *testing.T) {
	e := newEnv()
	done := e.do(t, post("/consultation", "", with(consultation(), "step", "send", "idem", e.checkKey(t)), browserID))
	ref := regexp.MustCompile(`id="reference">([^<]+)<`).FindStringSubmatch(done.Body)
	token := regexp.MustCompile(`id="status-token">([^<]+)<`).FindStringSubmatch(done.Body)
	if ref == nil || token == nil {
		t.Fatalf("confirmation without reference and token: %d", done.StatusCode)
	}
	resp := e.do(t, post("/status", "lang=en", url.Values{"csrf": {csrf}, "reference": {ref[1]}, "token": {token[1]}}, browserID))
	if got := all(`<tr><td>([^<]*)</td>`, resp.Body); len(got) != 2 || got[0] != "2026-11-26 18:00" || got[1] != "2026-11-26 18:00" {
		t.Errorf("history times %q, want two at 2026-11-26 18:00 (today is %s)", got, today)
	}
	if !strings.Contains(resp.Body, ref[1]) {
		t.Errorf("status page for another submission")
	}
}
