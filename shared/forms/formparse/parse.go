// Package formparse parses and validates the forms of package forms strictly:
// token by token JSON decoding that names every unknown field, wrong type and
// duplicate key by its path, then the forms' validator/v10 rules (struct tags and
// the custom validators in validate.go), worded in zh-CN or en.
//
// Only the functions that take in forms (submit, web) link it.
package formparse

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"

	"github.com/putuo-compliance/intake/shared/forms"
)

// Parser decodes and validates forms. It is safe for concurrent use; build one
// per process.
type Parser struct {
	now      func() time.Time
	validate *validator.Validate
}

// New returns a parser whose "today" comes from now (time.Now when nil).
func New(now func() time.Time) *Parser {
	if now == nil {
		now = time.Now
	}
	return &Parser{now: now, validate: newValidator()}
}

// Parse decodes body as a form of the given kind and validates it. Anything wrong
// with what the client sent - encoding, JSON, types, unknown fields, rule
// violations - comes back as one *apperr.InvalidError listing every problem found,
// worded in lang. Other errors mean a caller's mistake (an unknown kind).
// The form is a *forms.Consultation or a *forms.TrainingRequest.
func (p *Parser) Parse(kind forms.Kind, body []byte, lang forms.Lang) (forms.Form, error) {
	var form forms.Form
	switch kind {
	case forms.KindConsultation:
		form = new(forms.Consultation)
	case forms.KindTraining:
		form = new(forms.TrainingRequest)
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
func (p *Parser) check(form forms.Form) ([]issue, error) {
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
func sortByForm(kind forms.Kind, issues []issue) {
	fields := forms.Fields(kind)
	position := func(path string) int {
		field, ok := forms.Lookup(path) // the field of a list item is the list's
		if !ok {
			return len(fields)
		}
		i := slices.IndexFunc(fields, func(f forms.Field) bool { return f.Path == field.Path })
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
