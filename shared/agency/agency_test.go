package agency_test

import (
	"testing"

	"github.com/putuo-compliance/intake/shared/agency"
)

func TestLookup(t *testing.T) {
	for _, a := range agency.All {
		got, ok := agency.Lookup(a.Code)
		if !ok || got.ZH == "" || got.EN == "" {
			t.Errorf("Lookup(%s) = %+v, %v", a.Code, got, ok)
		}
		if got.Name("en") != a.EN || got.Name("zh-CN") != a.ZH {
			t.Errorf("%s names: %q / %q", a.Code, got.Name("en"), got.Name("zh-CN"))
		}
	}
	if _, ok := agency.Lookup("tax-bureau"); ok {
		t.Error("Lookup of an unknown code succeeded")
	}
}

func TestID(t *testing.T) {
	tests := []struct {
		give agency.Code
		want string
	}{
		{agency.Procuratorate, "Procuratorate"},
		{agency.PublicSecurity, "PublicSecurity"},
		{agency.IndustryAssociation, "IndustryAssociation"},
		{"a--b-", "AB"},
	}
	for _, tt := range tests {
		if got := tt.give.ID(); got != tt.want {
			t.Errorf("%q.ID() = %q, want %q", tt.give, got, tt.want)
		}
	}
}
