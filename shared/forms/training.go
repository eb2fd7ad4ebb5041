package forms

import "github.com/putuo-compliance/intake/shared/routing"

// TrainingRequest asks an agency to train the firm's staff
// (专业咨询培训, docs/domain.md).
type TrainingRequest struct {
	Company  Company  `json:"company"`
	Contact  Contact  `json:"contact"`
	Language string   `json:"language" validate:"required,oneof=zh-CN en"`
	Consent  Consent  `json:"consent"`
	Training Training `json:"training"`
}

// Training is what the firm wants taught, where, when and to whom. Preferred
// dates leave the agency at least a week to prepare and stay within half a year,
// the horizon agencies plan on.
type Training struct {
	Topics         []string `json:"topics" validate:"required,min=1,max=7,unique,dive,oneof=criminal-compliance anti-corruption data-protection cybersecurity anti-fraud ip-protection industry-self-regulation"`
	PrimaryTopic   string   `json:"primaryTopic" validate:"required,oneof=criminal-compliance anti-corruption data-protection cybersecurity anti-fraud ip-protection industry-self-regulation,amongfield=Topics"`
	Format         string   `json:"format" validate:"required,oneof=onsite at-agency online"`
	Address        string   `json:"address,omitempty" validate:"required_if=Format onsite,max=200,singleline"`
	PreferredDates []string `json:"preferredDates" validate:"required,min=1,max=3,unique,dive,date,mindays=7,maxdays=180"`
	Attendees      int      `json:"attendees" validate:"required,gte=1,lte=500"`
	Audience       []string `json:"audience" validate:"required,min=1,max=5,unique,dive,oneof=executives legal-compliance hr engineering all-staff"`
	Notes          string   `json:"notes,omitempty" validate:"max=2000,text"`
}

// Kind implements Form.
func (t *TrainingRequest) Kind() Kind { return KindTraining }

// Facts implements Form.
func (t *TrainingRequest) Facts() routing.Facts {
	return routing.Facts{Kind: string(KindTraining), PrimaryTopic: t.Training.PrimaryTopic}
}

// Urgent implements Form: training is planned weeks ahead, never urgent.
func (t *TrainingRequest) Urgent() bool { return false }
