package formparse

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/putuo-compliance/intake/shared/forms"
)

// maxIssues bounds the issues one body can produce: a hostile body of thousands
// of unknown keys gets a useful answer, not a response as large as itself.
const maxIssues = 100

// decoder reads a form strictly, one JSON token at a time. encoding/json's
// Unmarshal would stop at the first problem, match keys case-insensitively, keep
// the last of duplicate keys and silently turn invalid UTF-8 into U+FFFD; walking
// the tokens against the form's type lets us name every unknown field, wrong type
// and duplicate key by its path, and reject the rest.
type decoder struct {
	tokens *json.Decoder
	issues []issue
}

// decode fills form (a pointer to a form struct) from body. A fatal issue means
// the body as a whole is unusable (not UTF-8, not JSON, not an object, trailing
// data) and is the only issue returned; other issues leave the form usable for
// validation, with a zero value wherever a value was wrong.
func decode(body []byte, form any) (issues []issue, fatal bool) {
	if !utf8.Valid(body) {
		return []issue{{code: forms.CodeInvalidEncoding, rule: "encoding"}}, true
	}
	d := &decoder{tokens: json.NewDecoder(bytes.NewReader(body))}
	d.tokens.UseNumber()
	tok, err := d.tokens.Token()
	if err != nil {
		return []issue{{code: forms.CodeMalformedJSON, rule: "syntax"}}, true
	}
	if tok != json.Delim('{') {
		return []issue{{code: forms.CodeWrongType, rule: "object"}}, true
	}
	if err := d.object(reflect.ValueOf(form).Elem(), ""); err != nil {
		return []issue{{code: forms.CodeMalformedJSON, rule: "syntax"}}, true
	}
	if _, err := d.tokens.Token(); !errors.Is(err, io.EOF) {
		return []issue{{code: forms.CodeTrailingData, rule: "trailing"}}, true
	}
	return d.issues, false
}

func (d *decoder) add(path, code, rule, param string) {
	if len(d.issues) < maxIssues {
		d.issues = append(d.issues, issue{path: path, code: code, rule: rule, param: param})
	}
}

// value decodes the value that starts with tok into v. The error is a JSON
// syntax error; everything else is recorded as an issue.
func (d *decoder) value(v reflect.Value, path string, tok json.Token) error {
	if tok == nil {
		// null is "no answer": validation reports it where an answer is required.
		d.missing(v.Type(), path)
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		if s, ok := tok.(string); ok {
			s, visible := normalizeText(s)
			if !visible {
				d.add(path, forms.CodeInvalidCharacters, "invisible", "")
			}
			v.SetString(s)
			return nil
		}
	case reflect.Bool:
		if b, ok := tok.(bool); ok {
			v.SetBool(b)
			return nil
		}
	case reflect.Int, reflect.Int64:
		if n, ok := tok.(json.Number); ok {
			d.integer(v, path, n)
			return nil
		}
	case reflect.Slice:
		if tok == json.Delim('[') {
			return d.list(v, path)
		}
	case reflect.Struct:
		if tok == json.Delim('{') {
			return d.object(v, path)
		}
	}
	d.add(path, forms.CodeWrongType, "type", v.Kind().String())
	return d.skip(tok)
}

// object decodes the members of a JSON object, whose "{" has been read, into the
// struct v.
func (d *decoder) object(v reflect.Value, path string) error {
	fields := forms.Members(v.Type())
	var seen uint64 // bit i: fields[i] was given; our structs have far fewer than 64 fields
	for d.tokens.More() {
		tok, err := d.tokens.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string) // the decoder only returns strings in key position
		at := forms.JoinPath(path, key)
		i := slices.IndexFunc(fields, func(f forms.Member) bool { return f.Name == key })
		switch {
		case i < 0:
			d.add(at, forms.CodeUnknownField, "unknown", "")
			err = d.skipValue()
		case seen&(1<<i) != 0:
			d.add(at, forms.CodeDuplicateKey, "twice", "")
			err = d.skipValue()
		default:
			seen |= 1 << i
			err = d.next(v.Field(fields[i].Index), at)
		}
		if err != nil {
			return err
		}
	}
	if _, err := d.tokens.Token(); err != nil { // the closing "}"
		return err
	}
	for i, f := range fields {
		if seen&(1<<i) == 0 {
			d.missing(f.Type, forms.JoinPath(path, f.Name))
		}
	}
	return nil
}

// next reads the next value into v.
func (d *decoder) next(v reflect.Value, path string) error {
	tok, err := d.tokens.Token()
	if err != nil {
		return err
	}
	return d.value(v, path, tok)
}

// list decodes the items of a JSON array, whose "[" has been read, into the slice
// v. A wrong item still takes its place, as a zero value, so that later items
// keep their indexes in paths.
func (d *decoder) list(v reflect.Value, path string) error {
	v.Set(reflect.MakeSlice(v.Type(), 0, 4)) // [] is an empty answer, not a missing one
	for i := 0; d.tokens.More(); i++ {
		tok, err := d.tokens.Token()
		if err != nil {
			return err
		}
		item := reflect.New(v.Type().Elem()).Elem()
		at := path + "[" + strconv.Itoa(i) + "]"
		if tok == nil {
			d.add(at, forms.CodeWrongType, "type", item.Kind().String())
		} else if err := d.value(item, at, tok); err != nil {
			return err
		}
		v.Set(reflect.Append(v, item))
	}
	_, err := d.tokens.Token() // the closing "]"
	return err
}

// integer stores the JSON number n in the integer v. A whole number written
// with a fraction or exponent (120000.0, 1.2e5) is accepted as the number it is.
func (d *decoder) integer(v reflect.Value, path string, n json.Number) {
	i, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(string(n), 64)
		switch {
		case ferr == nil && f != math.Trunc(f):
			d.add(path, forms.CodeWrongType, "fraction", "")
			return
		case ferr != nil || math.Abs(f) >= 1<<53:
			d.add(path, forms.CodeOutOfRange, "huge", "")
			return
		}
		i = int64(f)
	}
	if v.OverflowInt(i) {
		d.add(path, forms.CodeOutOfRange, "huge", "")
		return
	}
	v.SetInt(i)
}

// missing records the unanswered yes/no questions in a value of type t that was
// absent or null. A missing bool would otherwise read as "no", and "not reported
// to the police" routes a case differently; other missing values are left to
// validation, which knows which are required.
func (d *decoder) missing(t reflect.Type, path string) {
	switch t.Kind() {
	case reflect.Bool:
		d.add(path, forms.CodeRequired, "answer", "")
	case reflect.Struct:
		for _, f := range forms.Members(t) {
			d.missing(f.Type, forms.JoinPath(path, f.Name))
		}
	}
}

// skipValue reads and discards the next value.
func (d *decoder) skipValue() error {
	tok, err := d.tokens.Token()
	if err != nil {
		return err
	}
	return d.skip(tok)
}

// skip discards the rest of the value that starts with tok.
func (d *decoder) skip(tok json.Token) error {
	if tok != json.Delim('{') && tok != json.Delim('[') {
		return nil
	}
	for depth := 1; depth > 0; {
		tok, err := d.tokens.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}
