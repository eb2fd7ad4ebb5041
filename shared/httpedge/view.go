package httpedge

import (
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
)

// Submission is what a firm may see of its submission, the JSON API's status body
// and the status page alike: its status, agency (after a transfer, the new one),
// public history (a rejection's reason, a transfer's new agency), the public
// part of the answer and the training's schedule. Actors, internal notes and
// the contents stay out.
type Submission struct {
	Reference string     `json:"reference"`
	Kind      forms.Kind `json:"kind"`
	Status    string     `json:"status"`
	Agency    Agency     `json:"agency"`
	UpdatedAt time.Time  `json:"updatedAt"`
	History   []Event    `json:"history"`
	Answer    *string    `json:"answer"`   // null until there is a public answer
	Schedule  *Schedule  `json:"schedule"` // null until a training is scheduled
}

// Schedule is when and where the agency holds the training.
type Schedule struct {
	At    time.Time `json:"at"`
	Place string    `json:"place,omitempty"`
}

// Agency is an agency as firms see it: its code and its name in their language.
type Agency struct {
	Code agency.Code `json:"code"`
	Name string      `json:"name"`
}

// Event is one public step of a submission's history. A transfer shows as
// status "transferred", with the agency it went to.
type Event struct {
	At     time.Time `json:"at"`
	From   string    `json:"from,omitempty"`
	Status string    `json:"status"`
	Note   string    `json:"note,omitempty"`
	Agency *Agency   `json:"agency,omitempty"`
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
		ev := Event{At: e.At, From: string(e.From), Status: string(e.To), Note: e.Note}
		if e.Action == intake.ActionTransfer {
			to := AgencyOf(e.Agency, lang)
			ev.Status, ev.Agency = string(intake.StatusTransferred), &to
		}
		v.History = append(v.History, ev)
	}
	if sub.Answer != nil && sub.Answer.Public != "" {
		v.Answer = &sub.Answer.Public
	}
	if sc := sub.Schedule; sc != nil {
		v.Schedule = &Schedule{At: sc.At, Place: sc.Place}
	}
	return v
}
