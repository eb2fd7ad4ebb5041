package forms

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
//   - invalid-characters: control characters (or line breaks in one-line fields),
//     or, in any text, invisible ones: Unicode format (Cf) and private-use (Co)
//     characters, default-ignorable ones and variation selectors
//     (formparse/characters.go); text is also normalised to NFC
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
//   - unknown-version: a consent version that names no published wording
//     (ConsentWordings)
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
	CodeUnknownVersion    = "unknown-version"
	CodeExclusiveNone     = "exclusive-none"
	CodeNotInTopics       = "not-in-topics"
)
