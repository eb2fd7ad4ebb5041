package redispatchfn_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/app/redispatchfn"
	"github.com/putuo-compliance/intake/shared/envconfig"
	"github.com/putuo-compliance/intake/shared/queueurls"
)

func TestLoadConfigGrace(t *testing.T) {
	tests := []struct {
		give      string
		want      time.Duration
		wantNames []string
	}{
		{"", redispatchfn.DefaultGrace, nil},
		{"0s", 0, nil},
		{"90s", 90 * time.Second, nil},
		{"soon", 0, []string{"REDISPATCH_GRACE"}},
		{"-1m", 0, []string{"REDISPATCH_GRACE"}},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			env := map[string]string{"AWS_REGION": "cn-north-1", "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s",
				"TABLE_NAME": "subs", "REDISPATCH_GRACE": tt.give}
			for _, a := range agency.All {
				env[queueurls.EnvName(a.Code)] = "http://q/" + string(a.Code)
			}
			c, err := redispatchfn.LoadConfig(func(k string) string { return env[k] })
			if tt.wantNames == nil {
				if err != nil || c.Grace != tt.want {
					t.Fatalf("grace %v, err %v; want %v", c.Grace, err, tt.want)
				}
				return
			}
			var cerr *envconfig.Error
			if !errors.As(err, &cerr) || !slices.Equal(cerr.Names(), tt.wantNames) {
				t.Fatalf("err = %v, want one naming %v", err, tt.wantNames)
			}
		})
	}
}
