package webfn_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/app/webfn"
	"github.com/putuo-compliance/intake/shared/envconfig"
	"github.com/putuo-compliance/intake/shared/mailer"
	"github.com/putuo-compliance/intake/shared/queueurls"
)

func TestLoadConfig(t *testing.T) {
	env := map[string]string{"AWS_REGION": "cn-north-1", "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s",
		"TABLE_NAME": "subs", "SENDER_ADDRESS": "noreply@example.com", "SECRET_ID": "stack-server-secret"}
	for _, a := range agency.All {
		env[queueurls.EnvName(a.Code)] = "http://q/" + string(a.Code)
	}
	c, err := webfn.LoadConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.Mail.Sender != "noreply@example.com" || c.Mail.Transport != mailer.SES || c.Table != "subs" || len(c.Queues) != len(agency.All) ||
		c.SecretID != "stack-server-secret" {
		t.Errorf("config %+v", c)
	}
}

// Without SENDER_ADDRESS the pages send no mail; that is not a problem. A
// missing secret is: no form could be posted.
func TestLoadConfigNamesEveryProblem(t *testing.T) {
	env := map[string]string{"AWS_REGION": "cn-north-1", "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"}
	_, err := webfn.LoadConfig(func(k string) string { return env[k] })
	var cerr *envconfig.Error
	if !errors.As(err, &cerr) {
		t.Fatalf("err = %v, want an *envconfig.Error", err)
	}
	want := []string{"TABLE_NAME"}
	for _, a := range agency.All {
		want = append(want, queueurls.EnvName(a.Code))
	}
	want = append(want, "SECRET_ID")
	if got := cerr.Names(); !slices.Equal(got, want) {
		t.Errorf("names %v, want %v", got, want)
	}
}
