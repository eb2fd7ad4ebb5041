package forms

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Body builds the JSON body of a form of the given kind from HTML form values
// keyed by the fields' JSON paths ("company.creditCode"; a list's items repeat
// the key). The web pages send what they got through Parse, exactly as an API
// request is, so the two cannot check differently.
//
// Values are trimmed; empty ones are left out, so Parse reports them as missing.
// A number or yes/no answer that does not read as one is kept as text, so Parse
// names the field and says what it must be. Keys the form does not have are
// ignored: a web form has no way to send them by mistake.
func Body(kind Kind, values map[string][]string) ([]byte, error) {
	t, err := formType(kind)
	if err != nil {
		return nil, err
	}
	return json.Marshal(objectFrom(t, "", values))
}

// Optional reports whether a firm may always leave the field at path empty: its
// rules ask for no answer, not even under a condition. Pages mark such fields.
func Optional(kind Kind, path string) bool {
	t, err := formType(kind)
	if err != nil {
		return false
	}
	f, ok := leaf(t, path)
	if !ok || f.Type.Kind() == reflect.Bool { // a missing yes/no is never "no"
		return false
	}
	return !strings.HasPrefix(f.Tag.Get("validate"), "required")
}

// ContactEmail implements Form.
func (c *Consultation) ContactEmail() string { return c.Contact.Email }

// ContactEmail implements Form.
func (t *TrainingRequest) ContactEmail() string { return t.Contact.Email }

// CreditCode implements Form.
func (c *Consultation) CreditCode() string { return c.Company.CreditCode }

// CreditCode implements Form.
func (t *TrainingRequest) CreditCode() string { return t.Company.CreditCode }

// ConsentVersion implements Form.
func (c *Consultation) ConsentVersion() string { return c.Consent.Version }

// ConsentVersion implements Form.
func (t *TrainingRequest) ConsentVersion() string { return t.Consent.Version }

// AnswerLang implements Form.
func (c *Consultation) AnswerLang() Lang { return Lang(c.Language) }

// AnswerLang implements Form.
func (t *TrainingRequest) AnswerLang() Lang { return Lang(t.Language) }

func formType(kind Kind) (reflect.Type, error) {
	switch kind {
	case KindConsultation:
		return reflect.TypeFor[Consultation](), nil
	case KindTraining:
		return reflect.TypeFor[TrainingRequest](), nil
	}
	return nil, fmt.Errorf("form body: unknown kind %q", kind)
}

// leaf finds the struct field at a JSON path.
func leaf(t reflect.Type, path string) (reflect.StructField, bool) {
	name, rest, nested := strings.Cut(path, ".")
	for _, f := range Members(t) {
		if f.Name != name {
			continue
		}
		if nested {
			if f.Type.Kind() != reflect.Struct {
				return reflect.StructField{}, false
			}
			return leaf(f.Type, rest)
		}
		return t.Field(f.Index), true
	}
	return reflect.StructField{}, false
}

func objectFrom(t reflect.Type, path string, values map[string][]string) map[string]any {
	obj := map[string]any{}
	for _, f := range Members(t) {
		p := JoinPath(path, f.Name)
		if f.Type.Kind() == reflect.Struct {
			obj[f.Name] = objectFrom(f.Type, p, values)
			continue
		}
		var items []string
		for _, v := range values[p] {
			if v = strings.TrimSpace(v); v != "" {
				items = append(items, v)
			}
		}
		if len(items) == 0 {
			continue
		}
		switch f.Type.Kind() {
		case reflect.Slice:
			obj[f.Name] = items
		case reflect.Bool:
			obj[f.Name] = boolOrText(items[0])
		case reflect.Int, reflect.Int64:
			obj[f.Name] = numberOrText(items[0])
		default:
			obj[f.Name] = items[0]
		}
	}
	return obj
}

func boolOrText(s string) any {
	if b, err := strconv.ParseBool(s); err == nil {
		return b
	}
	return s
}

// numberOrText reads a whole number as people write it, with thousands
// separators ("120,000", "12 0000", "120，000").
func numberOrText(s string) any {
	digits := strings.NewReplacer(",", "", "，", "", " ", "", "_", "").Replace(s)
	if n, err := strconv.ParseInt(digits, 10, 64); err == nil {
		return json.Number(strconv.FormatInt(n, 10))
	}
	return s
}

// Decode reads a stored form of the given kind: JSON that the parser accepted
// when it was sent, so it is read as it is, without checking it again.
func Decode(kind Kind, stored []byte) (Form, error) {
	t, err := formType(kind)
	if err != nil {
		return nil, err
	}
	v := reflect.New(t)
	if err := json.Unmarshal(stored, v.Interface()); err != nil {
		return nil, fmt.Errorf("stored %s form: %w", kind, err)
	}
	return v.Interface().(Form), nil
}
