package forms_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/putuo-compliance/intake/shared/forms"
)

func TestAnswers(t *testing.T) {
	stored, err := os.ReadFile("testdata/consultation.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang forms.Lang
		want map[string][2]string // path -> label, text
	}{
		{forms.ZH, map[string][2]string{
			"company.industry":          {"所属行业", "网络游戏"},
			"incident.reportedToPolice": {"是否已报警", "否"},
			"contact.name":              {"联系人姓名", "张三"},
		}},
		{forms.EN, map[string][2]string{
			"company.industry":  {"Industry", "Gaming"},
			"incident.measures": {"Coercive measures already taken", "None"},
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			got, err := forms.Answers(forms.KindConsultation, stored, tt.lang)
			if err != nil {
				t.Fatal(err)
			}
			byPath := map[string]forms.Answer{}
			for i, a := range got {
				if _, dup := byPath[a.Path]; dup || a.Label == "" || a.Path == "company" {
					t.Errorf("answer %d: %+v", i, a)
				}
				byPath[a.Path] = a
			}
			for path, w := range tt.want {
				if a := byPath[path]; a.Label != w[0] || a.Text != w[1] {
					t.Errorf("%s: %q %q, want %q %q", path, a.Label, a.Text, w[0], w[1])
				}
			}
			if loss := byPath["incident.estimatedLossCny"].Value; loss != json.Number("120000") {
				t.Errorf("a number as sent: %#v", loss)
			}
			if got[0].Path != "company.name" {
				t.Errorf("first answer %q, want the catalog's first field", got[0].Path)
			}
		})
	}
	if _, err := forms.Answers(forms.KindTraining, []byte("not json"), forms.EN); err == nil {
		t.Error("a form that does not read: no error")
	}
}

// A list's items are joined in the language's own way: 、 in Chinese, a comma
// and a space in English.
func TestAnswersListJoined(t *testing.T) {
	stored, err := os.ReadFile("testdata/consultation-urgent.json") // measures: detention, asset-freeze
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang forms.Lang
		want string
	}{
		{forms.ZH, "拘留、查封、扣押、冻结财产"},
		{forms.EN, "Detention, Assets seized or frozen"},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			got, err := forms.Answers(forms.KindConsultation, stored, tt.lang)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range got {
				if a.Path == "incident.measures" && a.Text != tt.want {
					t.Errorf("measures in words %q, want %q", a.Text, tt.want)
				}
				if a.Path == "incident.measures" {
					return
				}
			}
			t.Error("no answer for incident.measures")
		})
	}
}
