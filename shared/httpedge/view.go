package httpedge

import (
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
)

// Submission is what a firm may see of its submission, the JSON API's status body
// and the status page alike: its status, agency, public history and the public
// part of the answer. Actors, internal notes and the contents stay out.
type Submission struct {
	Reference string     `json:"reference"`
	Kind      forms.Kind `json:"kind"`
	Status    string     `json:"status"`
	Agency    Agency     `json:"agency"`
	UpdatedAt time.Time  `json:"updatedAt"`
	History   []Event    `json:"history"`
	Answer    *string    `json:"answer"` // null until there is a public answer
}

// Agency is an agency as firms see it: its code and its name in their language.
type Agency struct {
	Code agency.Code `json:"code"`
	Name string      `json:"name"`
}

// Event is one public step of a submission's history.
type Event struct {
	At     time.Time `json:"at"`
	From   string    `json:"from,omitempty"`
	Status string    `json:"status"`
	Note   string    `json:"note,omitempty"`
}

// AgencyOf returns the agency c in lang.
func AgencyOf(c agency.Code, lang forms.Lang) Agency {
	a, _ := agency.Lookup(c)
	return Agency{Code: c, Name: a.Name(string(lang))}
}

// PublicView is the firm's view of sub in lang.
func PublicView(sub *intake.Submission, lang forms.Lang) Submission {
	v := Submission{
		Reference: sub.Reference,
		Kind:      sub.Kind,
		Status:    string(sub.Status),
		Agency:    AgencyOf(sub.Agency, lang),
		UpdatedAt: sub.UpdatedAt,
		History:   []Event{}, // [] rather than null in JSON
	}
	for _, e := range sub.PublicHistory() {
		v.History = append(v.History, Event{At: e.At, From: string(e.From), Status: string(e.To), Note: e.Note})
	}
	if sub.Answer != nil && sub.Answer.Public != "" {
		v.Answer = &sub.Answer.Public
	}
	return v
}
