package forms

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"
)

// Parser decodes and validates forms. It is safe for concurrent use; build one
// per process.
type Parser struct {
	now      func() time.Time
	validate *validator.Validate
}

// NewParser returns a parser whose "today" comes from now (time.Now when nil).
func NewParser(now func() time.Time) *Parser {
	if now == nil {
		now = time.Now
	}
	return &Parser{now: now, validate: newValidator()}
}

// Parse decodes body as a form of the given kind and validates it. Anything wrong
// with what the client sent - encoding, JSON, types, unknown fields, rule
// violations - comes back as one *apperr.InvalidError listing every problem found,
// worded in lang. Other errors mean a caller's mistake (an unknown kind).
// The form is a *Consultation or a *TrainingRequest.
func (p *Parser) Parse(kind Kind, body []byte, lang Lang) (Form, error) {
	var form Form
	switch kind {
	case KindConsultation:
		form = new(Consultation)
	case KindTraining:
		form = new(TrainingRequest)
	default:
		return nil, fmt.Errorf("parse form: unknown kind %q", kind)
	}
	issues, fatal := decode(body, form)
	if !fatal {
		found, err := p.check(form)
		if err != nil {
			return nil, err
		}
		issues = merge(issues, found)
	}
	if len(issues) > 0 {
		sortByForm(kind, issues)
		return nil, invalid(issues, lang)
	}
	return form, nil
}

// check runs the validation rules against today in Shanghai.
func (p *Parser) check(form Form) ([]issue, error) {
	ctx := context.WithValue(context.Background(), todayKey{}, dayOf(p.now()))
	err := p.validate.StructCtx(ctx, form)
	if err == nil {
		return nil, nil
	}
	var errs validator.ValidationErrors
	if !errors.As(err, &errs) {
		return nil, fmt.Errorf("validate %s form: %w", form.Kind(), err)
	}
	return validationIssues(errs), nil
}

// merge adds the validation issues to the decoding ones, leaving out those that
// only echo a decoding issue: about the same value, a value inside it ("company
// must be an object" needs no "company name is required" besides), or the list
// around it (whose wrong item was decoded as a zero value).
func merge(decoded, validated []issue) []issue {
	for _, v := range validated {
		covered := slices.ContainsFunc(decoded, func(d issue) bool {
			return v.path == d.path || strings.HasPrefix(v.path, d.path+".") ||
				strings.HasPrefix(v.path, d.path+"[") || strings.HasPrefix(d.path, v.path+"[")
		})
		if !covered && len(decoded) < maxIssues {
			decoded = append(decoded, v)
		}
	}
	return decoded
}

// sortByForm orders issues as the form asks its fields, so a reader meets them
// top to bottom; issues about fields the form does not have come last.
func sortByForm(kind Kind, issues []issue) {
	fields := Fields(kind)
	position := func(path string) int {
		if strings.IndexByte(path, '[') >= 0 {
			path = stripIndexes(path)
		}
		i := slices.IndexFunc(fields, func(f Field) bool { return f.Path == path })
		if i < 0 {
			return len(fields)
		}
		return i
	}
	slices.SortStableFunc(issues, func(a, b issue) int {
		if d := position(a.path) - position(b.path); d != 0 {
			return d
		}
		return item(a.path) - item(b.path)
	})
}

// item is the index of the list item a path ends in, or -1: a list's own issues
// come before its items', and items in order.
func item(path string) int {
	open := strings.LastIndexByte(path, '[')
	if open < 0 || !strings.HasSuffix(path, "]") {
		return -1
	}
	n, err := strconv.Atoi(path[open+1 : len(path)-1])
	if err != nil {
		return -1
	}
	return n
}
