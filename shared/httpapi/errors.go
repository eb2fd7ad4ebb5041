package httpapi

import (
	"context"
	"errors"
	"net/http"

	"github.com/aws/aws-lambda-go/events"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/logging"
)

// Failures of the request itself, found at the edge before the domain sees it.
var (
	errTooLarge  = errors.New("request body too large")
	errMediaType = errors.New("unsupported media type")
	errBadBody   = errors.New("body is not valid base64")
)

// statuses maps error kinds to HTTP status, stable error code and messages: the one
// place where an error becomes a status. Anything not listed is an internal error.
var statuses = []struct {
	kind   error
	status int
	code   string
	zh, en string
}{
	{apperr.ErrInvalid, http.StatusBadRequest, "invalid", "提交内容有误，请检查标出的字段。", "Some answers need correcting."},
	{errBadBody, http.StatusBadRequest, "invalid", "请求正文无法解码。", "The request body could not be decoded."},
	{errTooLarge, http.StatusRequestEntityTooLarge, "too-large", "请求内容超过 64 KiB 上限。", "The request body is larger than 64 KiB."},
	{errMediaType, http.StatusUnsupportedMediaType, "unsupported-media-type", "请以 JSON 提交（Content-Type: application/json）。", "Send JSON (Content-Type: application/json)."},
	{apperr.ErrNotFound, http.StatusNotFound, "not-found", "未找到该编号，或查询码不正确。", "No submission matches this reference and status token."},
	{apperr.ErrConflict, http.StatusConflict, "conflict", "该 Idempotency-Key 已用于另一份不同的提交。", "This Idempotency-Key was already used with a different request."},
	{apperr.ErrForbidden, http.StatusForbidden, "forbidden", "无权访问。", "You may not do this."},
	{apperr.ErrUnavailable, http.StatusServiceUnavailable, "unavailable", "服务暂时繁忙，请稍后重试。", "The service is busy; please try again shortly."},
}

// retryAfterSeconds is the Retry-After sent with 503.
const retryAfterSeconds = "5"

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string              `json:"code"`
	Message string              `json:"message"`
	Fields  []apperr.FieldError `json:"fields,omitempty"`
}

// errorResponse turns err into the contract's error response, logging it once:
// client errors at info, a dependency's at warn, anything else at error (and the
// client sees only "internal error").
func errorResponse(ctx context.Context, err error, lang forms.Lang) (resp events.APIGatewayV2HTTPResponse) {
	defer func() { setCorrelationID(ctx, resp) }() // on every return below
	log := logging.From(ctx).WithError(err)
	for _, s := range statuses {
		if !errors.Is(err, s.kind) {
			continue
		}
		detail := errorDetail{Code: s.code, Message: s.zh}
		if lang == forms.EN {
			detail.Message = s.en
		}
		var invalid *apperr.InvalidError
		if errors.As(err, &invalid) {
			detail.Fields = invalid.Fields
			if invalid.Message != "" {
				detail.Message = invalid.Message
			}
			log = log.WithField("fieldCodes", forms.FieldCodes(invalid.Fields))
		}
		resp := jsonResponse(s.status, errorBody{detail})
		if s.status == http.StatusServiceUnavailable {
			resp.Headers["Retry-After"] = retryAfterSeconds
			log.Warn("dependency unavailable")
		} else {
			log.WithField("status", s.status).Info("request refused")
		}
		return resp
	}
	log.Error("internal error")
	msg := "内部错误"
	if lang == forms.EN {
		msg = "internal error"
	}
	return jsonResponse(http.StatusInternalServerError, errorBody{errorDetail{Code: "internal", Message: msg}})
}
