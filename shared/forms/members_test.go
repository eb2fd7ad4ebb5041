package forms

import (
	"reflect"
	"testing"
)

// Members are the exported fields with a JSON name: a field the JSON leaves
// out ("-"), or does not name is no member of a form.
func TestMembers(t *testing.T) {
	type sample struct {
		Name  string `json:"name,omitempty"`
		Skip  string `json:"-"`
		NoTag string
		Items []int `json:"items"`
	}
	var got []string
	for _, m := range Members(reflect.TypeFor[sample]()) {
		got = append(got, m.Name)
	}
	if want := []string{"name", "items"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Members = %q, want %q", got, want)
	}
}
