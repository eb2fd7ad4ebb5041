package forms

import (
	"strconv"
	"strings"

	"github.com/putuo-compliance/intake/shared/apperr"
)

// The codes of field errors. They are part of the public contract: clients and the
// HTML pages branch on them, so they never change meaning.
//
// Errors about the body as a whole have the empty path "":
//   - invalid-encoding: the body is not valid UTF-8
//   - malformed-json: the body is not JSON, or is truncated
//   - trailing-data: something follows the top-level JSON object
//   - wrong-type: (with path "") the top level is not a JSON object
//
// Errors about a field, whose path is its JSON path, e.g. "contact.mobile" or
// "training.preferredDates[1]":
//   - unknown-field: the form has no such field
//   - duplicate-key: the same key appears twice in one object
//   - wrong-type: the value has the wrong JSON type (or is a fraction where a whole
//     number is expected, or null inside a list)
//   - required: missing, null, empty or blank
//   - invalid-format: not a valid credit code, mobile, landline, e-mail or date
//   - invalid-characters: control characters (or line breaks in one-line fields)
//   - too-long: more characters than allowed
//   - too-few, too-many: fewer or more list items than allowed
//   - out-of-range: a number outside its bounds
//   - not-allowed: a value outside an enum's options
//   - duplicate: a list holds the same value twice
//   - credit-code-check: a credit code with a wrong check character
//   - future-date: a date after today (Shanghai time)
//   - before-occurred: discovered before it occurred
//   - date-range: a preferred date outside 7 to 180 days from today
//   - must-accept: consent not given
//   - exclusive-none: "none" chosen together with other measures
//   - not-in-topics: the primary topic is not among the chosen topics
const (
	CodeInvalidEncoding   = "invalid-encoding"
	CodeMalformedJSON     = "malformed-json"
	CodeTrailingData      = "trailing-data"
	CodeUnknownField      = "unknown-field"
	CodeDuplicateKey      = "duplicate-key"
	CodeWrongType         = "wrong-type"
	CodeRequired          = "required"
	CodeInvalidFormat     = "invalid-format"
	CodeInvalidCharacters = "invalid-characters"
	CodeTooLong           = "too-long"
	CodeTooFew            = "too-few"
	CodeTooMany           = "too-many"
	CodeOutOfRange        = "out-of-range"
	CodeNotAllowed        = "not-allowed"
	CodeDuplicate         = "duplicate"
	CodeCreditCodeCheck   = "credit-code-check"
	CodeFutureDate        = "future-date"
	CodeBeforeOccurred    = "before-occurred"
	CodeDateRange         = "date-range"
	CodeMustAccept        = "must-accept"
	CodeExclusiveNone     = "exclusive-none"
	CodeNotInTopics       = "not-in-topics"
)

// issue is one problem found while decoding or validating, before it is put into
// words. rule says exactly what failed (a validator tag or a decoding check) and
// picks the wording; code is what the client sees.
type issue struct {
	path  string
	code  string
	rule  string
	param string
}

// wording is how one rule is put to people. In the templates {label} is the
// field's label, {param} the rule's parameter, {hint} the field's hint,
// {options} the labels of its options and {path} its raw JSON path.
type wording struct {
	code string
	text Text
}

// wordings maps every rule to its code and message. A test checks that every tag
// in the forms' struct tags has an entry.
var wordings = map[string]wording{
	// body
	"encoding": {CodeInvalidEncoding, Text{"请求内容不是有效的 UTF-8 文本。", "The request body is not valid UTF-8 text."}},
	"syntax":   {CodeMalformedJSON, Text{"请求内容不是完整有效的 JSON。", "The request body is not complete, valid JSON."}},
	"trailing": {CodeTrailingData, Text{"JSON 对象之后还有多余的内容。", "There is more data after the JSON object."}},
	"object":   {CodeWrongType, Text{"请求内容必须是一个 JSON 对象。", "The request body must be a JSON object."}},

	// decoding
	"unknown":          {CodeUnknownField, Text{"表单中没有字段“{path}”。", "The form has no field \"{path}\"."}},
	"twice":            {CodeDuplicateKey, Text{"字段“{path}”出现了不止一次。", "The field \"{path}\" appears more than once."}},
	"type":             {CodeWrongType, Text{"{label}应为{param}。", "{label} must be {param}."}},
	"fraction":         {CodeWrongType, Text{"{label}应为整数。", "{label} must be a whole number."}},
	"huge":             {CodeOutOfRange, Text{"{label}的数值过大。", "{label} is too large."}},
	"answer":           {CodeRequired, Text{"请回答“{label}”。", "Answer \"{label}\"."}},
	"accepted":         {CodeMustAccept, Text{"须勾选“{label}”后才能提交。", "Tick \"{label}\" to submit the form."}},
	"required":         {CodeRequired, Text{"请填写{label}。", "{label} is required."}},
	"notblank":         {CodeRequired, Text{"请填写{label}。", "{label} is required."}},
	"required_if":      {CodeRequired, Text{"请填写{label}。", "{label} is required."}},
	"required_without": {CodeRequired, Text{"手机号码和座机号码请至少填写一项。", "Give a mobile number, a landline number or both."}},

	// formats
	"creditcode":  {CodeInvalidFormat, Text{"{label}格式不正确（{hint}）。", "{label} is not in the right format ({hint})."}},
	"creditcheck": {CodeCreditCodeCheck, Text{"{label}的校验位不正确，请核对是否有错字。", "{label} fails its check character; check it for typos."}},
	"mobile":      {CodeInvalidFormat, Text{"{label}格式不正确（{hint}）。", "{label} is not in the right format ({hint})."}},
	"landline":    {CodeInvalidFormat, Text{"{label}格式不正确（{hint}）。", "{label} is not in the right format ({hint})."}},
	"email":       {CodeInvalidFormat, Text{"{label}格式不正确（{hint}）。", "{label} is not in the right format ({hint})."}},
	"date":        {CodeInvalidFormat, Text{"{label}应为 YYYY-MM-DD 格式的有效日期。", "{label} must be a real date written YYYY-MM-DD."}},
	"singleline":  {CodeInvalidCharacters, Text{"{label}不能包含换行或控制字符。", "{label} must not contain line breaks or control characters."}},
	"text":        {CodeInvalidCharacters, Text{"{label}不能包含控制字符。", "{label} must not contain control characters."}},

	// sizes and ranges
	"max":      {CodeTooLong, Text{"{label}不能超过 {param} 个字。", "{label} must be at most {param} characters."}},
	"minitems": {CodeTooFew, Text{"{label}至少需要 {param} 项。", "{label} needs at least {param} item(s)."}},
	"maxitems": {CodeTooMany, Text{"{label}最多 {param} 项。", "{label} allows at most {param} items."}},
	"gte":      {CodeOutOfRange, Text{"{label}不能小于 {param}。", "{label} must be at least {param}."}},
	"lte":      {CodeOutOfRange, Text{"{label}不能大于 {param}。", "{label} must be at most {param}."}},

	// choices
	"oneof":      {CodeNotAllowed, Text{"{label}只能是：{options}。", "{label} must be one of: {options}."}},
	"unique":     {CodeDuplicate, Text{"{label}中有重复的项。", "{label} lists the same item twice."}},
	"exclusive":  {CodeExclusiveNone, Text{"{label}选了“{param}”就不能再选其他项。", "{label}: \"{param}\" cannot be combined with other choices."}},
	"amongfield": {CodeNotInTopics, Text{"{label}必须是已选的培训主题之一。", "{label} must be one of the chosen topics."}},

	// dates
	"notfuture":      {CodeFutureDate, Text{"{label}不能晚于今天。", "{label} cannot be in the future."}},
	"notbeforefield": {CodeBeforeOccurred, Text{"{label}不能早于发生日期。", "{label} cannot be before the date it happened."}},
	"mindays":        {CodeDateRange, Text{"{label}须在今天起至少 {param} 天之后。", "{label} must be at least {param} days from today."}},
	"maxdays":        {CodeDateRange, Text{"{label}不能晚于今天起 {param} 天。", "{label} must be at most {param} days from today."}},
}

// summary is InvalidError.Message.
var summary = Text{"提交内容有误，请检查标出的字段。", "Some answers need correcting."}

// typeNames name the JSON type a field expects, for "type" messages.
var typeNames = map[string]Text{
	"string": {"文本", "text"},
	"bool":   {"true 或 false", "true or false"},
	"int":    {"整数", "a whole number"},
	"int64":  {"整数", "a whole number"},
	"slice":  {"列表（JSON 数组）", "a list (JSON array)"},
	"struct": {"对象（JSON 对象）", "an object (JSON object)"},
}

// invalid puts issues into words in lang.
func invalid(issues []issue, lang Lang) *apperr.InvalidError {
	fields := make([]apperr.FieldError, len(issues))
	for i, is := range issues {
		fields[i] = apperr.FieldError{Field: is.path, Code: is.code, Message: message(is, lang)}
	}
	return &apperr.InvalidError{Message: summary.In(lang), Fields: fields}
}

// message words one issue. Placeholders are only filled in when the template
// uses them, so the common case does no catalog work it does not need.
func message(is issue, lang Lang) string {
	w, ok := wordings[is.rule]
	if !ok {
		w = wording{text: Text{"{label}不正确。", "{label} is not valid."}}
	}
	msg := w.text.In(lang)
	field, known := Lookup(is.path)
	replace := func(placeholder, value string) {
		if strings.Contains(msg, placeholder) {
			msg = strings.ReplaceAll(msg, placeholder, value)
		}
	}
	replace("{label}", label(field, known, is.path, lang))
	replace("{hint}", field.Hint.In(lang))
	replace("{path}", is.path)
	replace("{options}", optionLabels(field, lang))
	switch is.rule {
	case "type":
		replace("{param}", typeNames[is.param].In(lang))
	case "exclusive":
		o, _ := field.Option(is.param)
		replace("{param}", o.Label.In(lang))
	default:
		replace("{param}", is.param)
	}
	return msg
}

// label names the field at path for people: its catalog label, with the item
// number for a list item ("期望日期（第 2 项）").
func label(field Field, known bool, path string, lang Lang) string {
	if !known {
		return path
	}
	name := field.Label.In(lang)
	n := item(path)
	if n < 0 {
		return name
	}
	if lang == EN {
		return name + " (item " + strconv.Itoa(n+1) + ")"
	}
	return name + "（第 " + strconv.Itoa(n+1) + " 项）"
}

// optionLabels lists a field's option labels in lang.
func optionLabels(field Field, lang Lang) string {
	sep := "、"
	if lang == EN {
		sep = ", "
	}
	labels := make([]string, len(field.Options))
	for i, o := range field.Options {
		labels[i] = o.Label.In(lang)
	}
	return strings.Join(labels, sep)
}
