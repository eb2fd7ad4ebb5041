package routing_test

import (
	"testing"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/routing"
)

func TestDefaultRules(t *testing.T) {
	rules := routing.Default()
	tests := []struct {
		name string
		give routing.Facts
		want agency.Code
	}{
		{"unreported online fraud", routing.Facts{Kind: "consultation", Category: "online-fraud"}, agency.PublicSecurity},
		{"unreported intrusion", routing.Facts{Kind: "consultation", Category: "intrusion"}, agency.PublicSecurity},
		{"unreported data leak", routing.Facts{Kind: "consultation", Category: "data-leak"}, agency.PublicSecurity},
		{"reported online fraud", routing.Facts{Kind: "consultation", Category: "online-fraud", ReportedToPolice: true}, agency.Procuratorate},
		{"employee misconduct", routing.Facts{Kind: "consultation", Category: "employee-misconduct"}, agency.Procuratorate},
		{"illegal fund-raising", routing.Facts{Kind: "consultation", Category: "illegal-fundraising"}, agency.Procuratorate},
		{"other consultation", routing.Facts{Kind: "consultation", Category: "other"}, agency.Procuratorate},
		{"criminal compliance", routing.Facts{Kind: "training", PrimaryTopic: "criminal-compliance"}, agency.Procuratorate},
		{"anti-corruption", routing.Facts{Kind: "training", PrimaryTopic: "anti-corruption"}, agency.Procuratorate},
		{"data protection", routing.Facts{Kind: "training", PrimaryTopic: "data-protection"}, agency.Cyberspace},
		{"cybersecurity", routing.Facts{Kind: "training", PrimaryTopic: "cybersecurity"}, agency.Cyberspace},
		{"anti-fraud", routing.Facts{Kind: "training", PrimaryTopic: "anti-fraud"}, agency.PublicSecurity},
		{"ip protection", routing.Facts{Kind: "training", PrimaryTopic: "ip-protection"}, agency.ScienceTech},
		{"self-regulation", routing.Facts{Kind: "training", PrimaryTopic: "industry-self-regulation"}, agency.IndustryAssociation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rules.Route(tt.give)
			if err != nil || got != tt.want {
				t.Fatalf("Route(%+v) = %q, %v; want %q", tt.give, got, err, tt.want)
			}
		})
	}
}

func TestRouteNoMatch(t *testing.T) {
	if _, err := routing.Default().Route(routing.Facts{Kind: "training", PrimaryTopic: "astrology"}); err == nil {
		t.Fatal("want an error for facts no rule matches")
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		give    string
		wantErr bool
	}{
		{"valid", `[{"kind":"training","agency":"cyberspace"}]`, false},
		{"unknown agency", `[{"kind":"training","agency":"tax-bureau"}]`, true},
		{"no kind", `[{"agency":"cyberspace"}]`, true},
		{"not JSON", `[{`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := routing.Parse([]byte(tt.give))
			if (err != nil) != tt.wantErr {
				t.Fatalf("Parse err = %v, wantErr %v", err, tt.wantErr)
			}
		})
	}
}

// The first matching rule wins, so order is meaningful.
func TestFirstMatchWins(t *testing.T) {
	rules, err := routing.Parse([]byte(`[
		{"kind":"consultation","categories":["other"],"agency":"science-tech"},
		{"kind":"consultation","agency":"procuratorate"}]`))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := rules.Route(routing.Facts{Kind: "consultation", Category: "other"})
	if got != agency.ScienceTech {
		t.Fatalf("got %s, want the first rule's agency", got)
	}
}
