package queueurls_test

import (
	"errors"
	"maps"
	"slices"
	"testing"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/envconfig"
	"github.com/putuo-compliance/intake/shared/queueurls"
)

func TestRead(t *testing.T) {
	full := map[string]string{
		"QUEUE_URL_Procuratorate":          "http://q/procuratorate",
		"QUEUE_URL_PublicSecurity":         "http://q/public-security",
		"QUEUE_URL_ScienceTech":            "http://q/science-tech",
		"QUEUE_URL_Cyberspace":             "http://q/cyberspace",
		"QUEUE_URL_IndustryAssociation":    "http://q/industry-association",
		"QUEUE_URL_SOMETHING_ELSE_IGNORED": "http://q/other",
	}
	without := func(names ...string) map[string]string {
		env := maps.Clone(full)
		for _, n := range names {
			delete(env, n)
		}
		return env
	}
	tests := []struct {
		name        string
		give        map[string]string
		wantMissing []string
	}{
		{"all set", full, nil},
		{"one missing", without("QUEUE_URL_ScienceTech"), []string{"QUEUE_URL_ScienceTech"}},
		{"two missing", without("QUEUE_URL_Procuratorate", "QUEUE_URL_IndustryAssociation"),
			[]string{"QUEUE_URL_Procuratorate", "QUEUE_URL_IndustryAssociation"}},
		{"none", map[string]string{}, []string{"QUEUE_URL_PublicSecurity", "QUEUE_URL_Cyberspace"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := envconfig.New(func(k string) string { return tt.give[k] })
			got, err := queueurls.Read(v), v.Err()
			if tt.wantMissing == nil {
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(agency.All) {
					t.Errorf("got %d URLs, want %d", len(got), len(agency.All))
				}
				for _, a := range agency.All {
					if want := "http://q/" + string(a.Code); got[a.Code] != want {
						t.Errorf("URL of %s = %q, want %q", a.Code, got[a.Code], want)
					}
				}
				return
			}
			var cerr *envconfig.Error
			if !errors.As(err, &cerr) {
				t.Fatalf("err = %v, want an *envconfig.Error", err)
			}
			// The names are the point here: they tell the operator what to set.
			for _, name := range tt.wantMissing {
				if !slices.Contains(cerr.Names(), name) {
					t.Errorf("error %q does not name %s", err, name)
				}
			}
		})
	}
}

func TestAgencyOf(t *testing.T) {
	urls := map[agency.Code]string{
		agency.Procuratorate:  "https://sqs.cn-north-1.amazonaws.com.cn/123456789012/intake-procuratorate",
		agency.PublicSecurity: "http://localhost:5000/123456789012/intake-public-security",
	}
	tests := []struct {
		arn    string
		want   agency.Code
		wantOK bool
	}{
		{"arn:aws-cn:sqs:cn-north-1:123456789012:intake-procuratorate", agency.Procuratorate, true},
		{"arn:aws:sqs:us-east-1:123456789012:intake-public-security", agency.PublicSecurity, true},
		{"arn:aws:sqs:us-east-1:123456789012:intake-public-security-dlq", "", false},
		{"arn:aws:sqs:us-east-1:123456789012:", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got, ok := queueurls.AgencyOf(urls, tt.arn); got != tt.want || ok != tt.wantOK {
			t.Errorf("AgencyOf(%q) = %q, %v; want %q, %v", tt.arn, got, ok, tt.want, tt.wantOK)
		}
	}
}
