package submitfn_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/app/submitfn"
	"github.com/putuo-compliance/intake/shared/envconfig"
	"github.com/putuo-compliance/intake/shared/queueurls"
)

func fullEnv() map[string]string {
	env := map[string]string{"AWS_REGION": "cn-north-1", "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s",
		"TABLE_NAME": "subs", "METRICS_NAMESPACE": "ns", "SECRET_ID": "stack-server-secret"}
	for _, a := range agency.All {
		env[queueurls.EnvName(a.Code)] = "http://q/" + string(a.Code)
	}
	return env
}

func TestLoadConfig(t *testing.T) {
	env := fullEnv()
	c, err := submitfn.LoadConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.Table != "subs" || c.MetricsNamespace != "ns" || c.AWS.Region != "cn-north-1" || len(c.Queues) != len(agency.All) || c.SecretID != "stack-server-secret" {
		t.Errorf("config %+v", c)
	}
	for _, a := range agency.All {
		if c.Queues[a.Code] != "http://q/"+string(a.Code) {
			t.Errorf("queue of %s = %q", a.Code, c.Queues[a.Code])
		}
	}
}

func TestLoadConfigNamesEveryProblem(t *testing.T) {
	env := fullEnv()
	delete(env, "TABLE_NAME")
	delete(env, "QUEUE_URL_Cyberspace")
	delete(env, "SECRET_ID")
	delete(env, "METRICS_NAMESPACE") // optional
	_, err := submitfn.LoadConfig(func(k string) string { return env[k] })
	var cerr *envconfig.Error
	if !errors.As(err, &cerr) {
		t.Fatalf("err = %v, want an *envconfig.Error", err)
	}
	if got, want := cerr.Names(), []string{"TABLE_NAME", "QUEUE_URL_Cyberspace", "SECRET_ID"}; !slices.Equal(got, want) {
		t.Errorf("names %v, want %v", got, want)
	}
}
