package httpedge_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/httpedge"
)

// The error table, row by row. The wants are written out rather than read from
// the table, so that a changed row fails here.
func TestProblemOf(t *testing.T) {
	tests := []struct {
		give       error
		wantKind   apperr.Kind
		wantStatus int
		wantPage   int
		wantCode   string
		wantZH     string
		wantEN     string
	}{
		{&apperr.InvalidError{}, apperr.KindInvalid, 400, 422, "invalid", "提交内容有误，请检查标出的字段。", "Some answers need correcting."},
		{fmt.Errorf("x: %w", apperr.ErrMalformed), apperr.KindMalformed, 400, 400, "invalid", "请求正文无法解码。", "The request body could not be decoded."},
		{apperr.ErrTooLarge, apperr.KindTooLarge, 413, 413, "too-large", "请求内容超过 64 KiB 上限。", "The request body is larger than 64 KiB."},
		{apperr.ErrMediaType, apperr.KindMediaType, 415, 400, "unsupported-media-type", "请以 JSON 提交（Content-Type: application/json）。", "Send JSON (Content-Type: application/json)."},
		{apperr.ErrUnauthorized, apperr.KindUnauthorized, 401, 401, "unauthorized", "请先登录。", "Sign in first."},
		{apperr.ErrForbidden, apperr.KindForbidden, 403, 403, "forbidden", "无权访问。", "You may not do this."},
		{apperr.ErrNotFound, apperr.KindNotFound, 404, 404, "not-found", "未找到该编号，或查询码不正确。", "No submission matches this reference and status token."},
		{fmt.Errorf("key taken: %w", apperr.ErrConflict), apperr.KindConflict, 409, 409, "conflict", "该 Idempotency-Key 已用于另一份不同的提交。", "This Idempotency-Key was already used with a different request."},
		{apperr.ErrPrecondition, apperr.KindPrecondition, 412, 412, "precondition-failed", "该记录已被更改，请刷新后重试。", "The record has changed since you read it; reload it and try again."},
		{apperr.ErrLimited, apperr.KindLimited, 429, 429, "too-many-requests", "短时间内来自您网络的请求过多，请在 Retry-After 所示的秒数之后重试。", "Too many requests from your network in a short time; retry after the number of seconds in Retry-After."},
		{apperr.ErrPreconditionRequired, apperr.KindPreconditionRequired, 428, 428, "precondition-required", "请在 If-Match 中附上所读记录的版本（ETag）。", "Send the version you read (its ETag) in If-Match."},
		{apperr.Unavailable(errors.New("throttled")), apperr.KindUnavailable, 503, 503, "unavailable", "服务暂时繁忙，请稍后重试。", "The service is busy; please try again shortly."},
		{errors.New("boom"), apperr.KindInternal, 500, 500, "internal", "内部错误", "internal error"},
	}
	for _, tt := range tests {
		t.Run(string(tt.wantKind), func(t *testing.T) {
			p := httpedge.ProblemOf(tt.give)
			if p.Kind != tt.wantKind || p.Status != tt.wantStatus || p.PageStatus != tt.wantPage || p.Code != tt.wantCode {
				t.Errorf("ProblemOf(%v) = %s %d (page %d) %q, want %s %d (page %d) %q",
					tt.give, p.Kind, p.Status, p.PageStatus, p.Code, tt.wantKind, tt.wantStatus, tt.wantPage, tt.wantCode)
			}
			if p.Message.ZH != tt.wantZH || p.Message.EN != tt.wantEN {
				t.Errorf("message %+v, want %q / %q", p.Message, tt.wantZH, tt.wantEN)
			}
			if wantRetry := tt.wantStatus == 503 || tt.wantStatus == 429; (p.RetryAfter == "5") != wantRetry || (p.RetryAfter != "") != wantRetry {
				t.Errorf("RetryAfter %q with status %d", p.RetryAfter, p.Status)
			}
		})
	}
}

// A 429 tells the client when the limit lets it through again: whole seconds,
// rounded up, at least one.
func TestLimitedRetryAfter(t *testing.T) {
	tests := []struct {
		give time.Duration
		want string
	}{
		{59*time.Minute + 30*time.Second, "3570"},
		{1500 * time.Millisecond, "2"},
		{time.Millisecond, "1"},
		{0, "1"},
	}
	for _, tt := range tests {
		err := fmt.Errorf("submit: %w", &apperr.LimitedError{What: "submissions per client", RetryAfter: tt.give})
		if p := httpedge.ProblemOf(err); p.Status != 429 || p.RetryAfter != tt.want {
			t.Errorf("RetryAfter %v: %d, %q; want 429, %q", tt.give, p.Status, p.RetryAfter, tt.want)
		}
	}
}

// Report logs each error once: a client's at info with its status, a
// dependency's at warn, anything else at error; field codes, never values.
func TestReport(t *testing.T) {
	tests := []struct {
		give      error
		wantLevel string
		wantMsg   string
	}{
		{apperr.ErrConflict, "info", "request refused"},
		{&apperr.InvalidError{Fields: []apperr.FieldError{{Field: "contact.mobile", Code: "invalid-format", Message: "13812345678 不正确"}}}, "info", "request refused"},
		{apperr.Unavailable(errors.New("throttled")), "warning", "dependency unavailable"},
		{errors.New("boom"), "error", "internal error"},
	}
	for _, tt := range tests {
		t.Run(tt.wantMsg+" "+tt.give.Error(), func(t *testing.T) {
			var out bytes.Buffer
			log := logrus.New()
			log.SetOutput(&out)
			log.SetFormatter(&logrus.JSONFormatter{})
			ctx, _ := httpedge.Start(context.Background(), log, events.APIGatewayV2HTTPRequest{RouteKey: "POST /x"})
			p := httpedge.Report(ctx, tt.give)
			lines := bytes.Split(bytes.TrimSpace(out.Bytes()), []byte("\n"))
			if len(lines) != 1 {
				t.Fatalf("%d log lines, want 1: %s", len(lines), out.String())
			}
			var line map[string]any
			if err := json.Unmarshal(lines[0], &line); err != nil {
				t.Fatal(err)
			}
			if line["level"] != tt.wantLevel || line["msg"] != tt.wantMsg {
				t.Errorf("logged %v, want %s %q", line, tt.wantLevel, tt.wantMsg)
			}
			if tt.wantLevel == "info" && line["status"] != float64(p.Status) {
				t.Errorf("status %v, want %d", line["status"], p.Status)
			}
			if bytes.Contains(out.Bytes(), []byte("13812345678")) {
				t.Errorf("a field's message reached the log: %s", out.String())
			}
		})
	}
}
