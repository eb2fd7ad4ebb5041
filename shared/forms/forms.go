// Package forms defines the two intake forms - one definition each, with labels,
// hints and options in zh-CN and en, and the codes of their field errors.
// The JSON API and the HTML pages both use these definitions, so they cannot drift.
//
// Parsing and validating a form lives apart, in package formparse, with
// validator/v10: the functions that only read submissions (status, re-dispatch)
// need the forms' kinds and labels, and must not pay validator/v10's package init
// and size on every cold start.
package forms

import "github.com/putuo-compliance/intake/shared/routing"

// Kind names a form.
type Kind string

// The two forms a firm can send.
const (
	KindConsultation Kind = "consultation"
	KindTraining     Kind = "training"
)

// Lang is a user's language.
type Lang string

// The supported languages; zh-CN is the default.
const (
	ZH Lang = "zh-CN"
	EN Lang = "en"
)

// Form is a parsed, valid submission form.
type Form interface {
	Kind() Kind
	// Facts are what routing looks at.
	Facts() routing.Facts
	// Urgent reports whether the firm marked the request urgent.
	Urgent() bool
	// ContactEmail is where the agency writes to the firm.
	ContactEmail() string
	// CreditCode is the firm's unified social credit code: who sends the form.
	CreditCode() string
	// ConsentVersion is the version of the consent wording the firm agreed to.
	ConsentVersion() string
	// AnswerLang is the language the firm wants to be answered in.
	AnswerLang() Lang
}

// Company is the firm that sends a form.
type Company struct {
	Name       string `json:"name" validate:"required,notblank,max=100,singleline"`
	CreditCode string `json:"creditCode" validate:"required,creditcode,creditcheck"`
	Industry   string `json:"industry" validate:"required,oneof=e-commerce fintech gaming mobility social-content software-cloud other"`
}

// Contact is the person the agency answers. A firm gives a mobile or a landline
// number or both: some legal departments are only reachable on a desk phone.
//
// An optional answer left empty is left out of the stored form (omitempty, here
// and in the forms' other optional text): staff read it as no answer either way,
// and every stored byte is billed on each write of the submission (docs/cost.md).
type Contact struct {
	Name     string `json:"name" validate:"required,notblank,max=100,singleline"`
	Title    string `json:"title,omitempty" validate:"max=100,singleline"`
	Mobile   string `json:"mobile,omitempty" validate:"required_without=Landline,omitempty,mobile"`
	Landline string `json:"landline,omitempty" validate:"required_without=Mobile,omitempty,landline"`
	Email    string `json:"email" validate:"required,max=254,mailbox"`
}

// Consent records the firm's explicit consent to the processing of personal
// information (PIPL). Version names the wording the firm agreed to, one of
// ConsentWordings; the time of consent is the submission's, and the stored
// submission keeps both (intake.Submission.Consent).
type Consent struct {
	Accepted bool   `json:"accepted" validate:"accepted"`
	Version  string `json:"version" validate:"required,notblank,max=32,singleline,consentversion"`
}
