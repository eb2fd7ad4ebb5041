package statusfn_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/putuo-compliance/intake/shared/app/statusfn"
	"github.com/putuo-compliance/intake/shared/envconfig"
)

func TestLoadConfig(t *testing.T) {
	env := map[string]string{"AWS_REGION": "cn-north-1", "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s", "TABLE_NAME": "subs"}
	c, err := statusfn.LoadConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.Table != "subs" || c.AWS.Region != "cn-north-1" {
		t.Errorf("config %+v", c)
	}
}

func TestLoadConfigNamesEveryProblem(t *testing.T) {
	_, err := statusfn.LoadConfig(func(string) string { return "" })
	var cerr *envconfig.Error
	if !errors.As(err, &cerr) {
		t.Fatalf("err = %v, want an *envconfig.Error", err)
	}
	want := []string{"AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "TABLE_NAME"}
	if got := cerr.Names(); !slices.Equal(got, want) {
		t.Errorf("names %v, want %v", got, want)
	}
}
