package httpedge

import (
	"context"
	"errors"
	"math"
	"net/http"
	"slices"
	"strconv"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/logging"
)

// Problem is the edge's answer to an error: one row of the table below.
type Problem struct {
	Kind       apperr.Kind
	Status     int        // the JSON API's status
	PageStatus int        // the pages' status: Status, but where pageStatus says otherwise
	Code       string     // stable, for clients to branch on
	Message    forms.Text // for people
	RetryAfter string     // seconds, for the Retry-After header: set with 503 and 429 only
}

// retryAfterSeconds is the Retry-After sent with 503, and with a 429 whose
// error does not say when (apperr.LimitedError does).
const retryAfterSeconds = "5"

// problems maps every error kind to its status, stable code and message: the one
// place where an error becomes a status. apperr.KindOf decides the kind.
var problems = map[apperr.Kind]struct {
	status int
	code   string
	zh, en string
}{
	apperr.KindInvalid:      {http.StatusBadRequest, "invalid", "提交内容有误，请检查标出的字段。", "Some answers need correcting."},
	apperr.KindMalformed:    {http.StatusBadRequest, "invalid", "请求正文无法解码。", "The request body could not be decoded."},
	apperr.KindTooLarge:     {http.StatusRequestEntityTooLarge, "too-large", "请求内容超过 64 KiB 上限。", "The request body is larger than 64 KiB."},
	apperr.KindMediaType:    {http.StatusUnsupportedMediaType, "unsupported-media-type", "请以 JSON 提交（Content-Type: application/json）。", "Send JSON (Content-Type: application/json)."},
	apperr.KindUnauthorized: {http.StatusUnauthorized, "unauthorized", "请先登录。", "Sign in first."},
	apperr.KindForbidden:    {http.StatusForbidden, "forbidden", "无权访问。", "You may not do this."},
	apperr.KindNotFound:     {http.StatusNotFound, "not-found", "未找到该编号，或查询码不正确。", "No submission matches this reference and status token."},
	apperr.KindConflict:     {http.StatusConflict, "conflict", "该 Idempotency-Key 已用于另一份不同的提交。", "This Idempotency-Key was already used with a different request."},
	apperr.KindPrecondition: {http.StatusPreconditionFailed, "precondition-failed", "该记录已被更改，请刷新后重试。", "The record has changed since you read it; reload it and try again."},
	// A change without the version it was made on: 428, apart from a stale one
	// (412), since the fix differs: send If-Match, rather than read again.
	apperr.KindPreconditionRequired: {http.StatusPreconditionRequired, "precondition-required", "请在 If-Match 中附上所读记录的版本（ETag）。", "Send the version you read (its ETag) in If-Match."},
	apperr.KindLimited:              {http.StatusTooManyRequests, "too-many-requests", "短时间内来自您网络的请求过多，请在 Retry-After 所示的秒数之后重试。", "Too many requests from your network in a short time; retry after the number of seconds in Retry-After."},
	apperr.KindUnavailable:          {http.StatusServiceUnavailable, "unavailable", "服务暂时繁忙，请稍后重试。", "The service is busy; please try again shortly."},
	apperr.KindInternal:             {http.StatusInternalServerError, "internal", "内部错误", "internal error"},
}

// pageStatus is where the pages deliberately answer otherwise than the JSON API.
var pageStatus = map[apperr.Kind]int{
	// The form comes back with each invalid answer marked: the request was read
	// and understood, its content was not acceptable.
	apperr.KindInvalid: http.StatusUnprocessableEntity,
	// A browser posts only forms; anything else is a post we cannot read, not a
	// media type a person could choose to fix.
	apperr.KindMediaType: http.StatusBadRequest,
}

// Codes lists the table's stable codes, sorted, once each: what a client may
// meet in an error body (the API document's Error.code enum is checked
// against it).
func Codes() []string {
	var codes []string
	for _, row := range problems {
		if !slices.Contains(codes, row.code) {
			codes = append(codes, row.code)
		}
	}
	slices.Sort(codes)
	return codes
}

// ProblemOf returns the answer to err, which must not be nil.
func ProblemOf(err error) Problem {
	k := apperr.KindOf(err)
	row, ok := problems[k]
	if !ok { // a kind added to apperr but not here: an internal error until it is
		k, row = apperr.KindInternal, problems[apperr.KindInternal]
	}
	p := Problem{Kind: k, Status: row.status, PageStatus: row.status, Code: row.code, Message: forms.Text{ZH: row.zh, EN: row.en}}
	if s, ok := pageStatus[k]; ok {
		p.PageStatus = s
	}
	switch p.Status {
	case http.StatusServiceUnavailable:
		p.RetryAfter = retryAfterSeconds
	case http.StatusTooManyRequests:
		p.RetryAfter = retryAfterSeconds
		var limited *apperr.LimitedError
		if errors.As(err, &limited) {
			// Whole seconds, rounded up: retrying a moment early only meets the
			// limit again.
			p.RetryAfter = strconv.FormatInt(int64(max(1, math.Ceil(limited.RetryAfter.Seconds()))), 10)
		}
	}
	return p
}

// Report logs err once, at the level its kind deserves, and returns its answer:
// a client's error at info, a dependency's at warn, anything else at error (the
// client then sees only "internal error", never the cause).
func Report(ctx context.Context, err error) Problem {
	p := ProblemOf(err)
	log := logging.From(ctx).WithError(err)
	var invalid *apperr.InvalidError
	if errors.As(err, &invalid) {
		log = log.WithField("fieldCodes", forms.FieldCodes(invalid.Fields))
	}
	switch p.Kind {
	case apperr.KindInternal:
		log.Error("internal error")
	case apperr.KindUnavailable:
		log.Warn("dependency unavailable")
	default:
		log.WithField("status", p.Status).Info("request refused")
	}
	return p
}
