package retentionfn_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/app/retentionfn"
	"github.com/putuo-compliance/intake/shared/envconfig"
)

func TestLoadConfigPeriod(t *testing.T) {
	tests := []struct {
		give      string
		want      time.Duration
		wantNames []string
	}{
		{"", retentionfn.DefaultRetentionDays * 24 * time.Hour, nil},
		{"180", 180 * 24 * time.Hour, nil},
		{"1", 24 * time.Hour, nil},
		{"0", 0, []string{"RETENTION_DAYS"}},
		{"-5", 0, []string{"RETENTION_DAYS"}},
		{"half a year", 0, []string{"RETENTION_DAYS"}},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			env := map[string]string{"AWS_REGION": "cn-north-1", "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s",
				"TABLE_NAME": "subs", "RETENTION_DAYS": tt.give}
			c, err := retentionfn.LoadConfig(func(k string) string { return env[k] })
			if tt.wantNames == nil {
				if err != nil || c.Period != tt.want || c.Table != "subs" {
					t.Fatalf("config %+v, err %v; want period %v", c, err, tt.want)
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
