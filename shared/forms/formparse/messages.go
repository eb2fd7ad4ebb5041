package formparse

import (
	"strconv"
	"strings"

	"github.com/putuo-compliance/intake/shared/apperr"

	"github.com/putuo-compliance/intake/shared/forms"
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
	text forms.Text
}

// wordings maps every rule to its code and message. A test checks that every tag
// in the forms' struct tags has an entry.
var wordings = map[string]wording{
	// body
	"encoding": {forms.CodeInvalidEncoding, forms.Text{ZH: "请求内容不是有效的 UTF-8 文本。", EN: "The request body is not valid UTF-8 text."}},
	"syntax":   {forms.CodeMalformedJSON, forms.Text{ZH: "请求内容不是完整有效的 JSON。", EN: "The request body is not complete, valid JSON."}},
	"trailing": {forms.CodeTrailingData, forms.Text{ZH: "JSON 对象之后还有多余的内容。", EN: "There is more data after the JSON object."}},
	"object":   {forms.CodeWrongType, forms.Text{ZH: "请求内容必须是一个 JSON 对象。", EN: "The request body must be a JSON object."}},

	// decoding
	"unknown":          {forms.CodeUnknownField, forms.Text{ZH: "表单中没有字段“{path}”。", EN: "The form has no field \"{path}\"."}},
	"twice":            {forms.CodeDuplicateKey, forms.Text{ZH: "字段“{path}”出现了不止一次。", EN: "The field \"{path}\" appears more than once."}},
	"type":             {forms.CodeWrongType, forms.Text{ZH: "{label}应为{param}。", EN: "{label} must be {param}."}},
	"fraction":         {forms.CodeWrongType, forms.Text{ZH: "{label}应为整数。", EN: "{label} must be a whole number."}},
	"huge":             {forms.CodeOutOfRange, forms.Text{ZH: "{label}的数值过大。", EN: "{label} is too large."}},
	"invisible":        {forms.CodeInvalidCharacters, forms.Text{ZH: "{label}含有看不见的字符（如零宽空格、方向标记），常因复制粘贴带入。请删除该内容后重新输入。", EN: "{label} holds an invisible character (such as a zero-width space or a direction mark), often picked up by copying and pasting. Delete the text and type it again."}},
	"answer":           {forms.CodeRequired, forms.Text{ZH: "请回答“{label}”。", EN: "Answer \"{label}\"."}},
	"consentversion":   {forms.CodeUnknownVersion, forms.Text{ZH: "{label}不是已公布的告知文本版本；当前版本为 {param}。", EN: "{label} names no published wording of the notice; the current one is {param}."}},
	"accepted":         {forms.CodeMustAccept, forms.Text{ZH: "须勾选“{label}”后才能提交。", EN: "Tick \"{label}\" to submit the form."}},
	"required":         {forms.CodeRequired, forms.Text{ZH: "请填写{label}。", EN: "{label} is required."}},
	"notblank":         {forms.CodeRequired, forms.Text{ZH: "请填写{label}。", EN: "{label} is required."}},
	"required_if":      {forms.CodeRequired, forms.Text{ZH: "请填写{label}。", EN: "{label} is required."}},
	"required_without": {forms.CodeRequired, forms.Text{ZH: "手机号码和座机号码请至少填写一项。", EN: "Give a mobile number, a landline number or both."}},

	// formats
	"creditcode":  {forms.CodeInvalidFormat, forms.Text{ZH: "{label}格式不正确（{hint}）。", EN: "{label} is not in the right format ({hint})."}},
	"creditcheck": {forms.CodeCreditCodeCheck, forms.Text{ZH: "{label}的校验位不正确，请核对是否有错字。", EN: "{label} fails its check character; check it for typos."}},
	"mobile":      {forms.CodeInvalidFormat, forms.Text{ZH: "{label}格式不正确（{hint}）。", EN: "{label} is not in the right format ({hint})."}},
	"landline":    {forms.CodeInvalidFormat, forms.Text{ZH: "{label}格式不正确（{hint}）。", EN: "{label} is not in the right format ({hint})."}},
	"mailbox":     {forms.CodeInvalidFormat, forms.Text{ZH: "{label}格式不正确：请填写一个如 legal@example.com 的地址，@ 前只用英文字母、数字和常用符号，不含空格、引号或中文。", EN: "{label} is not an address we can write to: give one like legal@example.com, with only letters, digits and common symbols before the @, and no spaces or quotes."}},
	"date":        {forms.CodeInvalidFormat, forms.Text{ZH: "{label}应为 YYYY-MM-DD 格式的有效日期。", EN: "{label} must be a real date written YYYY-MM-DD."}},
	"singleline":  {forms.CodeInvalidCharacters, forms.Text{ZH: "{label}不能包含换行或控制字符。", EN: "{label} must not contain line breaks or control characters."}},
	"text":        {forms.CodeInvalidCharacters, forms.Text{ZH: "{label}不能包含控制字符。", EN: "{label} must not contain control characters."}},

	// sizes and ranges
	"max":      {forms.CodeTooLong, forms.Text{ZH: "{label}不能超过 {param} 个字。", EN: "{label} must be at most {param} characters."}},
	"minitems": {forms.CodeTooFew, forms.Text{ZH: "{label}至少需要 {param} 项。", EN: "{label} needs at least {param} item(s)."}},
	"maxitems": {forms.CodeTooMany, forms.Text{ZH: "{label}最多 {param} 项。", EN: "{label} allows at most {param} items."}},
	"gte":      {forms.CodeOutOfRange, forms.Text{ZH: "{label}不能小于 {param}。", EN: "{label} must be at least {param}."}},
	"lte":      {forms.CodeOutOfRange, forms.Text{ZH: "{label}不能大于 {param}。", EN: "{label} must be at most {param}."}},

	// choices
	"oneof":      {forms.CodeNotAllowed, forms.Text{ZH: "{label}只能是：{options}。", EN: "{label} must be one of: {options}."}},
	"unique":     {forms.CodeDuplicate, forms.Text{ZH: "{label}中有重复的项。", EN: "{label} lists the same item twice."}},
	"exclusive":  {forms.CodeExclusiveNone, forms.Text{ZH: "{label}选了“{param}”就不能再选其他项。", EN: "{label}: \"{param}\" cannot be combined with other choices."}},
	"amongfield": {forms.CodeNotInTopics, forms.Text{ZH: "{label}必须是已选的培训主题之一。", EN: "{label} must be one of the chosen topics."}},

	// dates
	"notfuture":      {forms.CodeFutureDate, forms.Text{ZH: "{label}不能晚于今天。", EN: "{label} cannot be in the future."}},
	"notbeforefield": {forms.CodeBeforeOccurred, forms.Text{ZH: "{label}不能早于发生日期。", EN: "{label} cannot be before the date it happened."}},
	"mindays":        {forms.CodeDateRange, forms.Text{ZH: "{label}须在今天起至少 {param} 天之后。", EN: "{label} must be at least {param} days from today."}},
	"maxdays":        {forms.CodeDateRange, forms.Text{ZH: "{label}不能晚于今天起 {param} 天。", EN: "{label} must be at most {param} days from today."}},
}

// summary is InvalidError.Message.
var summary = forms.Text{ZH: "提交内容有误，请检查标出的字段。", EN: "Some answers need correcting."}

// typeNames name the JSON type a field expects, for "type" messages.
var typeNames = map[string]forms.Text{
	"string": {ZH: "文本", EN: "text"},
	"bool":   {ZH: "true 或 false", EN: "true or false"},
	"int":    {ZH: "整数", EN: "a whole number"},
	"int64":  {ZH: "整数", EN: "a whole number"},
	"slice":  {ZH: "列表（JSON 数组）", EN: "a list (JSON array)"},
	"struct": {ZH: "对象（JSON 对象）", EN: "an object (JSON object)"},
}

// invalid puts issues into words in lang.
func invalid(issues []issue, lang forms.Lang) *apperr.InvalidError {
	fields := make([]apperr.FieldError, len(issues))
	for i, is := range issues {
		fields[i] = apperr.FieldError{Field: is.path, Code: is.code, Message: message(is, lang)}
	}
	return &apperr.InvalidError{Message: summary.In(lang), Fields: fields}
}

// message words one issue. Placeholders are only filled in when the template
// uses them, so the common case does no catalog work it does not need.
func message(is issue, lang forms.Lang) string {
	w, ok := wordings[is.rule]
	if !ok {
		w = wording{text: forms.Text{ZH: "{label}不正确。", EN: "{label} is not valid."}}
	}
	msg := w.text.In(lang)
	field, known := forms.Lookup(is.path)
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
	case "consentversion":
		replace("{param}", forms.CurrentConsent().Version)
	default:
		replace("{param}", is.param)
	}
	return msg
}

// label names the field at path for people: its catalog label, with the item
// number for a list item ("期望日期（第 2 项）").
func label(field forms.Field, known bool, path string, lang forms.Lang) string {
	if !known {
		return path
	}
	name := field.Label.In(lang)
	n := item(path)
	if n < 0 {
		return name
	}
	if lang == forms.EN {
		return name + " (item " + strconv.Itoa(n+1) + ")"
	}
	return name + "（第 " + strconv.Itoa(n+1) + " 项）"
}

// optionLabels lists a field's option labels in lang.
func optionLabels(field forms.Field, lang forms.Lang) string {
	sep := "、"
	if lang == forms.EN {
		sep = ", "
	}
	labels := make([]string, len(field.Options))
	for i, o := range field.Options {
		labels[i] = o.Label.In(lang)
	}
	return strings.Join(labels, sep)
}
