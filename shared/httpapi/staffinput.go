package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
)

// actionBody is the body of POST /v1/staff/submissions/{reference}/actions.
// Which of its inputs an action takes is the lifecycle's to say (Apply).
type actionBody struct {
	Action string `json:"action"`
	Note   string `json:"note"`
	Agency string `json:"agency"`
	Answer *struct {
		Public   string `json:"public"`
		Internal string `json:"internal"`
	} `json:"answer"`
	Schedule *struct {
		At    time.Time `json:"at"`
		Place string    `json:"place"`
	} `json:"schedule"`
}

// staffActions are the moves staff ask for by name; claims have their own
// route, and dispatch is the system's.
var staffActions = []intake.Action{intake.ActionNote, intake.ActionAnswer, intake.ActionSchedule, intake.ActionTransfer,
	intake.ActionReject, intake.ActionRelease, intake.ActionClose, intake.ActionErase}

// readClaim reads the reference a claim names; no body, or one without a
// reference, claims the next waiting submission.
func readClaim(r httpedge.Request) (string, error) {
	if strings.TrimSpace(r.Event.Body) == "" {
		return "", nil
	}
	var b struct {
		Reference string `json:"reference"`
	}
	if err := decodeStrict(r, &b); err != nil {
		return "", err
	}
	return b.Reference, nil
}

// readAction decodes an action's body strictly: an unknown member, a value of
// the wrong type or an action staff cannot ask for is a field error.
func readAction(r httpedge.Request) (intake.Command, error) {
	var b actionBody
	if err := decodeStrict(r, &b); err != nil {
		return intake.Command{}, err
	}
	c := intake.Command{Action: intake.Action(b.Action), Note: b.Note, Agency: agency.Code(b.Agency)}
	switch {
	case b.Action == "":
		return intake.Command{}, fieldError(r.Lang, apperr.FieldError{Field: "action", Code: forms.CodeRequired})
	case !slices.Contains(staffActions, c.Action):
		return intake.Command{}, fieldError(r.Lang, apperr.FieldError{Field: "action", Code: forms.CodeNotAllowed})
	}
	if b.Answer != nil {
		c.Answer = &intake.Answer{Public: b.Answer.Public, Internal: b.Answer.Internal}
	}
	if b.Schedule != nil {
		c.Schedule = &intake.Schedule{At: b.Schedule.At, Place: b.Schedule.Place}
	}
	return c, nil
}

// decodeStrict decodes a JSON body into v: an unknown member, a value of the
// wrong type or anything after the object is a field error.
func decodeStrict(r httpedge.Request, v any) error {
	raw, err := r.Body("application/json")
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fieldError(r.Lang, decodeFault(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return fieldError(r.Lang, apperr.FieldError{Code: forms.CodeTrailingData})
	}
	return nil
}

// decodeFault says where and how a body failed to decode.
func decodeFault(err error) apperr.FieldError {
	var typ *json.UnmarshalTypeError
	var date *time.ParseError
	switch {
	case errors.As(err, &typ):
		return apperr.FieldError{Field: typ.Field, Code: forms.CodeWrongType}
	case errors.As(err, &date):
		return apperr.FieldError{Field: "schedule.at", Code: forms.CodeInvalidFormat}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return apperr.FieldError{Field: name, Code: forms.CodeUnknownField}
	}
	return apperr.FieldError{Code: forms.CodeMalformedJSON}
}

func fieldError(lang forms.Lang, f apperr.FieldError) error {
	f.Message = staffText(f.Code, lang)
	return &apperr.InvalidError{Fields: []apperr.FieldError{f}}
}

// staffTexts are the staff API's messages, by the codes they go with.
var staffTexts = map[string]forms.Text{
	"not-found":                  {ZH: "本机关没有该编号的事项。", EN: "Your agency has no submission with this reference."},
	"if-match":                   {ZH: "If-Match 须为所读记录的 ETag，例如 \"7\"。", EN: `If-Match must be the ETag you read, e.g. "7".`},
	intake.CodeInvalidTransition: {ZH: "该事项当前的状态不允许此操作。", EN: "The submission's status does not allow this action."},
	intake.CodeWrongKind:         {ZH: "此操作只适用于培训申请。", EN: "This action is for training requests only."},
	intake.CodeActorNotAllowed:   {ZH: "只有认领该事项的工作人员（或主管）可以进行此操作。", EN: "Only the staff member holding the submission (or a supervisor) may do this."},
	intake.CodeUnknownAgency:     {ZH: "没有这个机关。", EN: "There is no such agency."},
	intake.CodeSameAgency:        {ZH: "该事项已由这个机关办理。", EN: "The submission is with that agency already."},
	intake.CodeNotAhead:          {ZH: "安排的时间须晚于现在。", EN: "The date must be in the future."},
	intake.CodeInvalidCursor:     {ZH: "翻页标记无效，请从第一页开始。", EN: "This cursor is not valid; start from the first page."},
	forms.CodeRequired:           {ZH: "此项必填。", EN: "This is required."},
	forms.CodeNotAllowed:         {ZH: "此处不接受该值。", EN: "This value is not allowed here."},
	forms.CodeTooLong:            {ZH: "内容过长。", EN: "This is too long."},
	forms.CodeWrongType:          {ZH: "类型不对。", EN: "This has the wrong type."},
	forms.CodeInvalidFormat:      {ZH: "格式不对，日期时间须如 2026-12-10T09:00:00+08:00。", EN: "Wrong format; a date-time looks like 2026-12-10T09:00:00+08:00."},
	forms.CodeUnknownField:       {ZH: "没有这一项。", EN: "There is no such member."},
	forms.CodeMalformedJSON:      {ZH: "请求正文不是有效的 JSON。", EN: "The body is not valid JSON."},
	forms.CodeTrailingData:       {ZH: "JSON 之后还有多余内容。", EN: "Something follows the JSON object."},
}

func staffText(code string, lang forms.Lang) string { return staffTexts[code].In(lang) }
