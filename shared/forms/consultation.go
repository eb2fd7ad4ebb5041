package forms

import "github.com/putuo-compliance/intake/shared/routing"

// Consultation asks the agencies about a case-related incident
// (涉案事件征询, docs/domain.md).
type Consultation struct {
	Company  Company  `json:"company"`
	Contact  Contact  `json:"contact"`
	Language string   `json:"language" validate:"required,oneof=zh-CN en"`
	Consent  Consent  `json:"consent"`
	Incident Incident `json:"incident"`
}

// Incident is what happened to the firm. Dates are calendar days in Shanghai
// (YYYY-MM-DD); a firm rarely knows the hour and never means UTC.
type Incident struct {
	Role             string   `json:"role" validate:"required,oneof=victim employee-involved under-investigation witness other"`
	Category         string   `json:"category" validate:"required,oneof=employee-misconduct data-leak intrusion online-fraud ip-infringement illegal-fundraising other"`
	OccurredOn       string   `json:"occurredOn" validate:"required,date,notfuture"`
	DiscoveredOn     string   `json:"discoveredOn" validate:"required,date,notfuture,notbeforefield=OccurredOn"`
	Title            string   `json:"title" validate:"required,notblank,max=100,singleline"`
	Description      string   `json:"description" validate:"required,notblank,max=5000,text"`
	ReportedToPolice bool     `json:"reportedToPolice"` // presence is checked while decoding: a missing answer is not "no"
	PoliceCaseNumber string   `json:"policeCaseNumber,omitempty" validate:"required_if=ReportedToPolice true,max=50,singleline"`
	Measures         []string `json:"measures" validate:"required,min=1,max=4,unique,exclusive=none,dive,oneof=detention arrest asset-freeze none"`
	OperationsImpact string   `json:"operationsImpact" validate:"required,oneof=none minor severe"`
	EstimatedLossCny int64    `json:"estimatedLossCny" validate:"gte=0,lte=100000000000000"` // whole yuan; 0 when none or not yet known
	Urgency          string   `json:"urgency" validate:"required,oneof=normal urgent"`
	UrgencyReason    string   `json:"urgencyReason,omitempty" validate:"required_if=Urgency urgent,max=500,text"`
	Questions        string   `json:"questions" validate:"required,notblank,max=2000,text"`
}

// Kind implements Form.
func (c *Consultation) Kind() Kind { return KindConsultation }

// Facts implements Form.
func (c *Consultation) Facts() routing.Facts {
	return routing.Facts{
		Kind:             string(KindConsultation),
		Category:         c.Incident.Category,
		ReportedToPolice: c.Incident.ReportedToPolice,
	}
}

// Urgent implements Form.
func (c *Consultation) Urgent() bool { return c.Incident.Urgency == "urgent" }
