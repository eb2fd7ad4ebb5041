package forms

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Answer is one answer of a stored form, put to people: the field's label, what
// was sent, and that in words (option labels, yes or no) in a language. The
// staff API shows a submission's form this way, from the same catalog the
// pages and the validation messages use.
type Answer struct {
	Path  string // the JSON path, e.g. "incident.category"
	Label string
	Value any    // as sent: a string, a json.Number, a bool or a list
	Text  string // in words; list items joined
}

var yesNo = map[bool]Text{true: {ZH: "是", EN: "Yes"}, false: {ZH: "否", EN: "No"}}

// Answers lists the answers of a stored form of kind in the catalog's order,
// in lang; sections and fields the form left out are left out.
func Answers(kind Kind, stored []byte, lang Lang) ([]Answer, error) {
	dec := json.NewDecoder(bytes.NewReader(stored))
	dec.UseNumber()
	var form map[string]any
	if err := dec.Decode(&form); err != nil {
		return nil, fmt.Errorf("stored %s form: %w", kind, err)
	}
	var out []Answer
	for _, f := range Fields(kind) {
		v, ok := valueAt(form, f.Path)
		if _, section := v.(map[string]any); !ok || section {
			continue
		}
		out = append(out, Answer{Path: f.Path, Label: f.Label.In(lang), Value: v, Text: inWords(f, v, lang)})
	}
	return out, nil
}

func valueAt(form map[string]any, path string) (any, bool) {
	var v any = form
	for name := range strings.SplitSeq(path, ".") {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = obj[name]; !ok {
			return nil, false
		}
	}
	return v, true
}

func inWords(f Field, v any, lang Lang) string {
	switch v := v.(type) {
	case bool:
		return yesNo[v].In(lang)
	case []any:
		words := make([]string, len(v))
		for i, item := range v {
			words[i] = inWords(f, item, lang)
		}
		sep := "、"
		if lang == EN {
			sep = ", "
		}
		return strings.Join(words, sep)
	case string:
		if o, ok := f.Option(v); ok {
			return o.Label.In(lang)
		}
		return v
	}
	return fmt.Sprint(v)
}
