package httpapi_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/apperr"
)

// Every kind of error, as the store's failure, renders as the table says: the
// status, the stable code, the message in each language, Retry-After on 503 and 429 only
// and the correlation id on every answer. Written out, not read from the table.
func TestErrorTable(t *testing.T) {
	tests := []struct {
		give       error
		wantStatus int
		wantCode   string
		wantZH     string
		wantEN     string
	}{
		{apperr.ErrMalformed, 400, "invalid", "请求正文无法解码。", "The request body could not be decoded."},
		{apperr.ErrTooLarge, 413, "too-large", "请求内容超过 64 KiB 上限。", "The request body is larger than 64 KiB."},
		{apperr.ErrMediaType, 415, "unsupported-media-type", "请以 JSON 提交（Content-Type: application/json）。", "Send JSON (Content-Type: application/json)."},
		{apperr.ErrUnauthorized, 401, "unauthorized", "请先登录。", "Sign in first."},
		{apperr.ErrForbidden, 403, "forbidden", "无权访问。", "You may not do this."},
		{apperr.ErrNotFound, 404, "not-found", "未找到该编号，或查询码不正确。", "No submission matches this reference and status token."},
		{apperr.ErrConflict, 409, "conflict", "该 Idempotency-Key 已用于另一份不同的提交。", "This Idempotency-Key was already used with a different request."},
		{apperr.ErrPrecondition, 412, "precondition-failed", "该记录已被更改，请刷新后重试。", "The record has changed since you read it; reload it and try again."},
		{&apperr.LimitedError{What: "submissions per client", RetryAfter: 90 * time.Second}, 429, "too-many-requests", "短时间内来自您网络的请求过多，请在 Retry-After 所示的秒数之后重试。", "Too many requests from your network in a short time; retry after the number of seconds in Retry-After."},
		{apperr.Unavailable(errors.New("throttled")), 503, "unavailable", "服务暂时繁忙，请稍后重试。", "The service is busy; please try again shortly."},
		{errors.New("boom: secret detail"), 500, "internal", "内部错误", "internal error"},
	}
	for _, tt := range tests {
		for _, lang := range []string{"zh-CN", "en"} {
			t.Run(tt.wantCode+"/"+lang, func(t *testing.T) {
				e := newEnv()
				e.store.Fail = fmt.Errorf("store.Create: %w", tt.give)
				req := loadEvent(t, "submit-consultation.json")
				req.Headers["accept-language"] = lang
				req.Headers["x-correlation-id"] = "corr-" + tt.wantCode
				resp, err := e.submit(context.Background(), req)
				if err != nil || resp.StatusCode != tt.wantStatus {
					t.Fatalf("status %d err %v, want %d", resp.StatusCode, err, tt.wantStatus)
				}
				body := decode[errorBody](t, resp)
				want := tt.wantZH
				if lang == "en" {
					want = tt.wantEN
				}
				if body.Error.Code != tt.wantCode || body.Error.Message != want {
					t.Errorf("error %+v, want %s %q", body.Error, tt.wantCode, want)
				}
				if got, want := resp.Headers["Retry-After"], map[int]string{503: "5", 429: "90"}[tt.wantStatus]; got != want {
					t.Errorf("Retry-After %q, want %q", got, want)
				}
				if got := resp.Headers["X-Correlation-Id"]; got != "corr-"+tt.wantCode {
					t.Errorf("X-Correlation-Id %q", got)
				}
				if strings.Contains(resp.Body, "secret detail") || strings.Contains(resp.Body, "store.Create") {
					t.Errorf("the body shows the cause: %s", resp.Body)
				}
			})
		}
	}
}

// The same Idempotency-Key with the same body replays the receipt; with another
// body it is a 409, and nothing more is stored.
func TestIdempotencyKey(t *testing.T) {
	e := newEnv()
	first := loadEvent(t, "submit-consultation.json")
	first.Headers["idempotency-key"] = "key-1"
	resp, _ := e.submit(context.Background(), first)
	if resp.StatusCode != 201 || resp.Headers["Idempotent-Replayed"] != "" {
		t.Fatalf("first: %d %v", resp.StatusCode, resp.Headers)
	}
	receipt := resp.Body

	resp, _ = e.submit(context.Background(), first)
	if resp.StatusCode != 201 || resp.Headers["Idempotent-Replayed"] != "true" || resp.Body != receipt {
		t.Fatalf("replay: %d %v %s", resp.StatusCode, resp.Headers, resp.Body)
	}

	other := loadEvent(t, "submit-consultation.json")
	other.Headers["idempotency-key"] = "key-1"
	other.Body = strings.Replace(other.Body, "13812345678", "13912345678", 1)
	if other.Body == first.Body {
		t.Fatal("the other body is the same")
	}
	resp, _ = e.submit(context.Background(), other)
	if resp.StatusCode != 409 || decode[errorBody](t, resp).Error.Code != "conflict" {
		t.Fatalf("other body: %d %s, want 409 conflict", resp.StatusCode, resp.Body)
	}
	if e.store.Len() != 1 {
		t.Fatalf("stored %d, want 1", e.store.Len())
	}
}

// A key the contract does not allow is refused before anything is stored; the
// longest allowed one is taken.
func TestIdempotencyKeyFormat(t *testing.T) {
	tests := []struct {
		give       string
		wantStatus int
	}{
		{strings.Repeat("k", 64), 201},
		{"a b~", 201},
		{strings.Repeat("k", 65), 400},
		{"k\x01", 400},
		{"k\x7f", 400},
		{"钥匙", 400},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.give), func(t *testing.T) {
			e := newEnv()
			req := loadEvent(t, "submit-consultation.json")
			req.Headers["idempotency-key"] = tt.give
			resp, _ := e.submit(context.Background(), req)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.wantStatus, resp.Body)
			}
			if tt.wantStatus == 201 {
				return
			}
			f := decode[errorBody](t, resp).Error.Fields
			if len(f) != 1 || f[0].Field != "Idempotency-Key" || f[0].Code != "invalid-format" || f[0].Message == "" || e.store.Len() != 0 {
				t.Errorf("fields %+v, stored %d", f, e.store.Len())
			}
		})
	}
}
