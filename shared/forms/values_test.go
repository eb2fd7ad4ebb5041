package forms_test

import (
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/forms/formparse"
)

// webConsultation is a consultation as a browser posts it.
func webConsultation() url.Values {
	return url.Values{
		"company.name": {" 上海某网络科技有限公司 "}, "company.creditCode": {"91310107MA1G8K3Q33"}, "company.industry": {"gaming"},
		"contact.name": {"张三"}, "contact.mobile": {"13812345678"}, "contact.landline": {""}, "contact.email": {"legal@example.com"},
		"language": {"zh-CN"}, "consent.accepted": {"true"}, "consent.version": {"2026-11"},
		"incident.role": {"victim"}, "incident.category": {"online-fraud"},
		"incident.occurredOn": {"2026-11-01"}, "incident.discoveredOn": {"2026-11-03"},
		"incident.title": {"t"}, "incident.description": {"d"}, "incident.reportedToPolice": {"false"},
		"incident.measures": {"none"}, "incident.operationsImpact": {"minor"},
		"incident.estimatedLossCny": {"120,000"}, "incident.urgency": {"normal"}, "incident.questions": {"q"},
		"unknown.field": {"ignored"},
	}
}

func TestBody(t *testing.T) {
	tests := []struct {
		name       string
		edit       func(url.Values)
		wantFields []string // "path:code"; none means valid
	}{
		{name: "valid", edit: func(url.Values) {}},
		{name: "bad check character", edit: func(v url.Values) { v.Set("company.creditCode", "91310107MA1G8K3Q34") },
			wantFields: []string{"company.creditCode:credit-code-check"}},
		{name: "loss not a number", edit: func(v url.Values) { v.Set("incident.estimatedLossCny", "lots") },
			wantFields: []string{"incident.estimatedLossCny:wrong-type"}},
		{name: "police unanswered", edit: func(v url.Values) { v.Del("incident.reportedToPolice") },
			wantFields: []string{"incident.reportedToPolice:required"}},
		{name: "no consent", edit: func(v url.Values) { v.Del("consent.accepted") },
			wantFields: []string{"consent.accepted:required"}},
		{name: "blank measures dropped", edit: func(v url.Values) { v["incident.measures"] = []string{" ", ""} },
			wantFields: []string{"incident.measures:required"}},
	}
	parser := formparse.New(func() time.Time { return time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC) })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := webConsultation()
			tt.edit(v)
			body, err := forms.Body(forms.KindConsultation, v)
			if err != nil {
				t.Fatal(err)
			}
			form, err := parser.Parse(forms.KindConsultation, body, forms.EN)
			if len(tt.wantFields) == 0 {
				if err != nil {
					t.Fatalf("Parse(%s): %v", body, err)
				}
				if c := form.(*forms.Consultation); c.Incident.EstimatedLossCny != 120000 || c.Company.Name != "上海某网络科技有限公司" {
					t.Errorf("form %+v", c)
				}
				return
			}
			var invalid *apperr.InvalidError
			if !errors.As(err, &invalid) {
				t.Fatalf("err = %v, want field errors", err)
			}
			got := map[string]bool{}
			for _, f := range invalid.Fields {
				got[f.Field+":"+f.Code] = true
			}
			for _, w := range tt.wantFields {
				if !got[w] {
					t.Errorf("missing %s; got %v", w, invalid.Fields)
				}
			}
		})
	}
}

func TestOptional(t *testing.T) {
	tests := []struct {
		kind forms.Kind
		give string
		want bool
	}{
		{forms.KindConsultation, "contact.title", true},
		{forms.KindConsultation, "incident.estimatedLossCny", true},
		{forms.KindConsultation, "company.name", false},
		{forms.KindConsultation, "contact.mobile", false},            // required without a landline
		{forms.KindConsultation, "incident.reportedToPolice", false}, // yes/no is always answered
		{forms.KindTraining, "training.notes", true},
		{forms.KindTraining, "training.address", false},
		{forms.KindTraining, "incident.title", false},
		{"nope", "company.name", false},
	}
	for _, tt := range tests {
		if got := forms.Optional(tt.kind, tt.give); got != tt.want {
			t.Errorf("Optional(%s, %s) = %v, want %v", tt.kind, tt.give, got, tt.want)
		}
	}
}
