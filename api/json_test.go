package api_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/putuo-compliance/intake/api"
)

var update = flag.Bool("update", false, "write openapi.json from openapi.yaml (go generate ./api)")

// The served JSON is openapi.yaml converted, byte for byte as this test
// converts it: edit the YAML, then run go generate ./api.
func TestJSONIsTheYAML(t *testing.T) {
	want, err := yamlToJSON(api.YAML)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("openapi.json", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(api.JSON, want) {
		t.Error("api/openapi.json is not openapi.yaml as JSON: run go generate ./api")
	}
}

func yamlToJSON(doc []byte) ([]byte, error) {
	var v any
	if err := yaml.Unmarshal(doc, &v); err != nil {
		return nil, fmt.Errorf("openapi.yaml: %w", err)
	}
	plain, err := jsonValue(v)
	if err != nil {
		return nil, fmt.Errorf("openapi.yaml: %w", err)
	}
	return json.Marshal(plain)
}

// jsonValue turns what yaml.v3 decodes into values encoding/json can write:
// mappings with non-string keys (an unquoted 201, say) come as map[any]any.
func jsonValue(v any) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			j, err := jsonValue(e)
			if err != nil {
				return nil, err
			}
			v[k] = j
		}
		return v, nil
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			j, err := jsonValue(e)
			if err != nil {
				return nil, err
			}
			m[fmt.Sprint(k)] = j
		}
		return m, nil
	case []any:
		for i, e := range v {
			j, err := jsonValue(e)
			if err != nil {
				return nil, err
			}
			v[i] = j
		}
		return v, nil
	case string, bool, int, int64, uint64, float64, nil:
		return v, nil
	}
	// A YAML timestamp or binary would change meaning on the way to JSON: quote it
	// in openapi.yaml instead.
	return nil, fmt.Errorf("value %v of type %T has no JSON form; quote it", v, v)
}
