package forms

import (
	"reflect"
	"strings"
	"sync"
)

// Member is one JSON member of a form struct. The forms' strict decoder, Body
// and Optional walk the forms through these, so they agree on the JSON names.
type Member struct {
	Name  string // JSON name, matched exactly
	Index int    // the struct field's index
	Type  reflect.Type
}

// members caches Members; a Lambda parses the same few types all its life.
var members sync.Map // reflect.Type -> []Member

// Members lists the JSON members of the struct type t, in field order. The slice
// is shared: callers must not change it.
func Members(t reflect.Type) []Member {
	if cached, ok := members.Load(t); ok {
		return cached.([]Member)
	}
	fields := make([]Member, 0, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" || name == "" {
			continue
		}
		fields = append(fields, Member{Name: name, Index: i, Type: f.Type})
	}
	members.Store(t, fields)
	return fields
}

// JoinPath is the JSON path of the member name inside the value at path.
func JoinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
