package formparse

import (
	"reflect"
	"strings"
	"testing"

	"github.com/putuo-compliance/intake/shared/forms"
)

// structPaths walks a form type and calls visit with the JSON path and the struct
// field of every field reachable from it.
func structPaths(t reflect.Type, prefix string, visit func(path string, f reflect.StructField)) {
	for _, m := range forms.Members(t) {
		path := forms.JoinPath(prefix, m.Name)
		f := t.Field(m.Index)
		visit(path, f)
		if f.Type.Kind() == reflect.Struct {
			structPaths(f.Type, path, visit)
		}
	}
}

var formTypes = map[forms.Kind]reflect.Type{
	forms.KindConsultation: reflect.TypeFor[forms.Consultation](),
	forms.KindTraining:     reflect.TypeFor[forms.TrainingRequest](),
}

// TestEveryRuleHasWording: each validate tag in the forms has a code and messages.
func TestEveryRuleHasWording(t *testing.T) {
	for kind, typ := range formTypes {
		structPaths(typ, "", func(path string, f reflect.StructField) {
			for rule := range strings.SplitSeq(f.Tag.Get("validate"), ",") {
				name, _, _ := strings.Cut(rule, "=")
				if name == "" || name == "dive" || name == "omitempty" {
					continue
				}
				if f.Type.Kind() == reflect.Slice && (name == "min" || name == "max") {
					name += "items"
				}
				w, ok := wordings[name]
				if !ok || w.code == "" || w.text.ZH == "" || w.text.EN == "" {
					t.Errorf("%s: %s: rule %q has no wording", kind, path, name)
				}
			}
		})
	}
}
