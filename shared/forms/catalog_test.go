package forms

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// structPaths walks a form type and calls visit with the JSON path, the struct
// field and its validate tag of every field reachable from it.
func structPaths(t reflect.Type, prefix string, visit func(path string, f reflect.StructField)) {
	for _, sf := range Members(t) {
		path := JoinPath(prefix, sf.Name)
		f := t.Field(sf.Index)
		visit(path, f)
		if f.Type.Kind() == reflect.Struct {
			structPaths(f.Type, path, visit)
		}
	}
}

var formTypes = map[Kind]reflect.Type{
	KindConsultation: reflect.TypeFor[Consultation](),
	KindTraining:     reflect.TypeFor[TrainingRequest](),
}

// TestCatalogMatchesForms keeps the catalog and the struct tags from drifting: every
// field has an entry, every enum's options are exactly its oneof values, and the
// catalog lists nothing the form does not have.
func TestCatalogMatchesForms(t *testing.T) {
	for kind, typ := range formTypes {
		var paths []string
		structPaths(typ, "", func(path string, f reflect.StructField) {
			paths = append(paths, path)
			field, ok := Lookup(path)
			if !ok {
				t.Errorf("%s: %s has no catalog entry", kind, path)
				return
			}
			var oneof []string
			for rule := range strings.SplitSeq(f.Tag.Get("validate"), ",") {
				if values, ok := strings.CutPrefix(rule, "oneof="); ok {
					oneof = strings.Fields(values)
				}
			}
			var options []string
			for _, o := range field.Options {
				options = append(options, o.Value)
			}
			if !slices.Equal(oneof, options) {
				t.Errorf("%s: %s: oneof %v, catalog options %v", kind, path, oneof, options)
			}
		})
		var listed []string
		for _, f := range Fields(kind) {
			listed = append(listed, f.Path)
		}
		if !slices.Equal(listed, paths) {
			t.Errorf("%s: catalog order\n%v\nstruct order\n%v", kind, listed, paths)
		}
	}
}

func TestCatalogTexts(t *testing.T) {
	for kind := range formTypes {
		for _, f := range Fields(kind) {
			if f.Label.ZH == "" || f.Label.EN == "" {
				t.Errorf("%s: label missing in a language: %+v", f.Path, f.Label)
			}
			if (f.Hint.ZH == "") != (f.Hint.EN == "") {
				t.Errorf("%s: hint in one language only: %+v", f.Path, f.Hint)
			}
			for _, o := range f.Options {
				if o.Label.ZH == "" || o.Label.EN == "" {
					t.Errorf("%s: option %s lacks a label", f.Path, o.Value)
				}
			}
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		give   string
		want   string
		wantOK bool
	}{
		{"contact.mobile", "contact.mobile", true},
		{"training.preferredDates[1]", "training.preferredDates", true},
		{"incident.measures[12]", "incident.measures", true},
		{"company", "company", true},
		{"company.extra", "", false},
		{"", "", false},
		{"training.preferredDates[", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			got, ok := Lookup(tt.give)
			if ok != tt.wantOK || got.Path != tt.want {
				t.Errorf("Lookup(%q) = %q, %v; want %q, %v", tt.give, got.Path, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestFieldsUnknownKind(t *testing.T) {
	if got := Fields("complaint"); got != nil {
		t.Errorf("Fields(complaint) = %v, want nil", got)
	}
	// The slice is the caller's: changing it changes no later answer.
	fields := Fields(KindTraining)
	fields[0].Path = "changed"
	if Fields(KindTraining)[0].Path != "company" {
		t.Error("Fields shares its backing array")
	}
}
