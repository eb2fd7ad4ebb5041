package formparse

import (
	"context"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/go-playground/validator/v10"

	"github.com/putuo-compliance/intake/shared/forms"
)

var (
	mobilePattern = regexp.MustCompile(`^1[3-9]\d{9}$`)
	// landlinePattern: area code (0 + 2 or 3 digits), an optional hyphen, a local
	// number of 7 or 8 digits and an optional "-extension" of up to 6 digits.
	landlinePattern = regexp.MustCompile(`^0\d{2,3}-?\d{7,8}(-\d{1,6})?$`)
)

// shanghai is the zone of the firms' and agencies' calendar. A fixed offset needs
// no tzdata in the Lambda image, and China has no daylight saving time.
var shanghai = time.FixedZone("CST", 8*60*60)

// dateLayout is how the forms write a calendar day.
const dateLayout = "2006-01-02"

// todayKey carries the day of the request, read once from the injected clock, to
// the validators, so that one request sees one "today" even across midnight.
type todayKey struct{}

// newValidator builds a validator that knows the forms' own rules. Tag parsing
// happens on first use, not here, to keep cold starts short.
func newValidator() *validator.Validate {
	v := validator.New()
	v.RegisterTagNameFunc(jsonName)
	plain := map[string]validator.Func{
		"notblank":       func(fl validator.FieldLevel) bool { return strings.TrimSpace(fl.Field().String()) != "" },
		"singleline":     func(fl validator.FieldLevel) bool { return !hasControl(fl.Field().String(), false) },
		"text":           func(fl validator.FieldLevel) bool { return !hasControl(fl.Field().String(), true) },
		"creditcode":     func(fl validator.FieldLevel) bool { return creditCodeWellFormed(fl.Field().String()) },
		"creditcheck":    func(fl validator.FieldLevel) bool { return creditCodeChecks(fl.Field().String()) },
		"mobile":         func(fl validator.FieldLevel) bool { return mobilePattern.MatchString(fl.Field().String()) },
		"landline":       func(fl validator.FieldLevel) bool { return landlinePattern.MatchString(fl.Field().String()) },
		"mailbox":        func(fl validator.FieldLevel) bool { return validMailbox(fl.Field().String()) },
		"date":           func(fl validator.FieldLevel) bool { _, ok := parseDay(fl.Field().String()); return ok },
		"accepted":       func(fl validator.FieldLevel) bool { return fl.Field().Bool() },
		"consentversion": func(fl validator.FieldLevel) bool { _, ok := forms.ConsentWordingOf(fl.Field().String()); return ok },
		"notbeforefield": notBeforeField,
		"amongfield":     amongField,
		"exclusive":      exclusive,
	}
	for tag, fn := range plain {
		mustRegister(v.RegisterValidation(tag, fn))
	}
	clocked := map[string]validator.FuncCtx{
		"notfuture": func(ctx context.Context, fl validator.FieldLevel) bool {
			day, ok := parseDay(fl.Field().String())
			return !ok || !day.After(today(ctx))
		},
		"mindays": func(ctx context.Context, fl validator.FieldLevel) bool {
			return daysAhead(ctx, fl, func(days, bound int) bool { return days >= bound })
		},
		"maxdays": func(ctx context.Context, fl validator.FieldLevel) bool {
			return daysAhead(ctx, fl, func(days, bound int) bool { return days <= bound })
		},
	}
	for tag, fn := range clocked {
		mustRegister(v.RegisterValidationCtx(tag, fn))
	}
	return v
}

// mustRegister panics on a registration error, which only a mistyped tag name in
// this file can cause; the package's tests would fail at once.
func mustRegister(err error) {
	if err != nil {
		panic(err)
	}
}

// jsonName makes the validator report JSON names, so its namespaces are our paths.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" {
		return ""
	}
	return name
}

// hasControl reports whether s holds a control character, a line or paragraph
// separator, or a bidirectional override or isolate (which can make text shown to
// staff read otherwise than it is stored); multiline text may hold line breaks
// and tabs.
func hasControl(s string, multiline bool) bool {
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' ||
			(r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') {
			return true
		}
	}
	return false
}

// parseDay reads a YYYY-MM-DD calendar day as midnight UTC, so that days can be
// counted by subtraction. With this layout time.Parse demands the exact widths,
// real days (no 2026-02-30) and nothing after; the length check is a cheap gate.
func parseDay(s string) (time.Time, bool) {
	if len(s) != len(dateLayout) {
		return time.Time{}, false
	}
	t, err := time.Parse(dateLayout, s)
	return t, err == nil
}

// today is the request's calendar day in Shanghai, as midnight UTC.
func today(ctx context.Context) time.Time {
	t, _ := ctx.Value(todayKey{}).(time.Time)
	return t
}

// dayOf is the calendar day in Shanghai of the instant t, as midnight UTC.
func dayOf(t time.Time) time.Time {
	y, m, d := t.In(shanghai).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// daysAhead compares how many days after today a date field is with the tag's
// parameter. Malformed dates pass: the date rule reports them.
func daysAhead(ctx context.Context, fl validator.FieldLevel, ok func(days, bound int) bool) bool {
	day, valid := parseDay(fl.Field().String())
	if !valid {
		return true
	}
	bound, err := strconv.Atoi(fl.Param())
	if err != nil {
		return false
	}
	return ok(int(day.Sub(today(ctx))/(24*time.Hour)), bound)
}

// notBeforeField: a date field is not before the sibling date field named by the
// parameter. It holds when either date is malformed: the date rule reports that.
func notBeforeField(fl validator.FieldLevel) bool {
	other, kind, _, found := fl.GetStructFieldOKAdvanced2(fl.Parent(), fl.Param())
	if !found || kind != reflect.String {
		return false
	}
	day, ok := parseDay(fl.Field().String())
	earliest, otherOK := parseDay(other.String())
	return !ok || !otherOK || !day.Before(earliest)
}

// amongField: a value is one of the items of the sibling list named by the
// parameter (the primary topic is one of the topics).
func amongField(fl validator.FieldLevel) bool {
	list, kind, _, found := fl.GetStructFieldOKAdvanced2(fl.Parent(), fl.Param())
	if !found || kind != reflect.Slice {
		return false
	}
	for i := 0; i < list.Len(); i++ {
		if list.Index(i).String() == fl.Field().String() {
			return true
		}
	}
	return false
}

// exclusive: a list that holds the parameter ("none") holds nothing else.
func exclusive(fl validator.FieldLevel) bool {
	list := fl.Field()
	if list.Len() < 2 {
		return true
	}
	for i := 0; i < list.Len(); i++ {
		if list.Index(i).String() == fl.Param() {
			return false
		}
	}
	return true
}

// validationIssues turns the validator's errors into issues with JSON paths.
func validationIssues(errs validator.ValidationErrors) []issue {
	issues := make([]issue, 0, len(errs))
	for _, fe := range errs {
		rule := fe.Tag()
		if fe.Kind() == reflect.Slice && (rule == "min" || rule == "max") {
			rule += "items"
		}
		code := wordings[rule].code
		if code == "" {
			code = rule // a new tag without wording still gets a stable, if raw, code
		}
		_, path, _ := strings.Cut(fe.Namespace(), ".") // drop the struct's own name
		issues = append(issues, issue{path: path, code: code, rule: rule, param: fe.Param()})
	}
	return issues
}
