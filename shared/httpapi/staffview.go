package httpapi

import (
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
)

// staffSubmission is a whole submission as staff of its agency see it: the
// form with the catalog's labels, the full history with internal notes and
// who acted, the claim, the answer and the schedule.
type staffSubmission struct {
	Reference   string           `json:"reference"`
	Kind        forms.Kind       `json:"kind"`
	Status      intake.Status    `json:"status"`
	Agency      httpedge.Agency  `json:"agency"`
	Urgent      bool             `json:"urgent"`
	Language    forms.Lang       `json:"language"`
	SubmittedAt time.Time        `json:"submittedAt"`
	UpdatedAt   time.Time        `json:"updatedAt"`
	AnsweredAt  *time.Time       `json:"answeredAt"`
	RedactedAt  *time.Time       `json:"redactedAt"` // only the stub is left (retention, or an erasure): no form, claim, answer or texts
	Version     int64            `json:"version"`
	Claim       *claimView       `json:"claim"`
	Answer      *answerView      `json:"answer"`
	Schedule    *scheduleView    `json:"schedule"`
	History     []staffEvent     `json:"history"`
	Form        []formAnswerView `json:"form"`
}

type claimView struct {
	By    string    `json:"by"`
	Since time.Time `json:"since"`
}

type answerView struct {
	Public   string `json:"public"`
	Internal string `json:"internal,omitempty"`
}

type scheduleView struct {
	At    time.Time `json:"at"`
	Place string    `json:"place,omitempty"`
}

type staffEvent struct {
	At       time.Time     `json:"at"`
	Actor    string        `json:"actor"`
	Action   intake.Action `json:"action,omitempty"`
	From     intake.Status `json:"from,omitempty"`
	To       intake.Status `json:"to"`
	Agency   agency.Code   `json:"agency,omitempty"`
	Note     string        `json:"note,omitempty"`
	Internal string        `json:"internal,omitempty"`
	Public   bool          `json:"public"`
}

type formAnswerView struct {
	Field string `json:"field"`
	Label string `json:"label"`
	Value any    `json:"value"`
	Text  string `json:"text"`
}

func submissionView(sub *intake.Submission, lang forms.Lang) (staffSubmission, error) {
	answers, err := sub.Answers(lang)
	if err != nil {
		return staffSubmission{}, err
	}
	v := staffSubmission{
		Reference: sub.Reference, Kind: sub.Kind, Status: sub.Status, Agency: httpedge.AgencyOf(sub.Agency, lang),
		Urgent: sub.Urgent, Language: sub.Language, SubmittedAt: sub.SubmittedAt, UpdatedAt: sub.UpdatedAt,
		AnsweredAt: sub.AnsweredAt, RedactedAt: sub.RedactedAt, Version: sub.Version,
		History: make([]staffEvent, 0, len(sub.History)), Form: make([]formAnswerView, 0, len(answers)),
	}
	if c := sub.Claim; c != nil {
		v.Claim = &claimView{By: c.By, Since: c.Since}
	}
	if a := sub.Answer; a != nil {
		v.Answer = &answerView{Public: a.Public, Internal: a.Internal}
	}
	if sc := sub.Schedule; sc != nil {
		v.Schedule = &scheduleView{At: sc.At, Place: sc.Place}
	}
	for _, e := range sub.History {
		v.History = append(v.History, staffEvent{At: e.At, Actor: e.Actor, Action: e.Action, From: e.From, To: e.To,
			Agency: e.Agency, Note: e.Note, Internal: e.Internal, Public: e.Public})
	}
	for _, a := range answers {
		v.Form = append(v.Form, formAnswerView{Field: a.Path, Label: a.Label, Value: a.Value, Text: a.Text})
	}
	return v, nil
}

// summaryView is a submission in a list: no form, no history.
type summaryView struct {
	Reference   string        `json:"reference"`
	Kind        forms.Kind    `json:"kind"`
	Status      intake.Status `json:"status"`
	Urgent      bool          `json:"urgent"`
	SubmittedAt time.Time     `json:"submittedAt"`
	UpdatedAt   time.Time     `json:"updatedAt"`
	Version     int64         `json:"version"`
	Claim       *claimView    `json:"claim"`
}

type pageView struct {
	Items  []summaryView `json:"items"`
	Cursor *string       `json:"cursor"` // null on the last page
}

func listView(p intake.Page) pageView {
	v := pageView{Items: make([]summaryView, 0, len(p.Items))}
	for _, s := range p.Items {
		item := summaryView{Reference: s.Reference, Kind: s.Kind, Status: s.Status, Urgent: s.Urgent,
			SubmittedAt: s.SubmittedAt, UpdatedAt: s.UpdatedAt, Version: s.Version}
		if c := s.Claim; c != nil {
			item.Claim = &claimView{By: c.By, Since: c.Since}
		}
		v.Items = append(v.Items, item)
	}
	if p.Cursor != "" {
		v.Cursor = &p.Cursor
	}
	return v
}

type metricsView struct {
	Agency                   httpedge.Agency       `json:"agency"`
	Counts                   map[intake.Status]int `json:"counts"`
	OldestWaitingSince       *time.Time            `json:"oldestWaitingSince"`
	OldestWaitingSeconds     *int64                `json:"oldestWaitingSeconds"`
	AnsweredLast30Days       int                   `json:"answeredLast30Days"`
	MedianFirstAnswerSeconds *int64                `json:"medianFirstAnswerSeconds"`
}

func figuresView(of agency.Code, f intake.Figures, lang forms.Lang) metricsView {
	v := metricsView{Agency: httpedge.AgencyOf(of, lang), Counts: f.Counts, AnsweredLast30Days: f.Answered}
	if f.OldestWaiting != nil {
		age := int64(time.Since(*f.OldestWaiting).Seconds())
		v.OldestWaitingSince, v.OldestWaitingSeconds = f.OldestWaiting, &age
	}
	if f.MedianFirstAnswer != nil {
		m := int64(f.MedianFirstAnswer.Seconds())
		v.MedianFirstAnswerSeconds = &m
	}
	return v
}

type auditEntryView struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Reason string    `json:"reason,omitempty"` // an erasure's
}

type auditTrailView struct {
	Reference string           `json:"reference"`
	Entries   []auditEntryView `json:"entries"`
}

func auditView(reference string, entries []intake.AuditEntry) auditTrailView {
	v := auditTrailView{Reference: reference, Entries: make([]auditEntryView, 0, len(entries))}
	for _, e := range entries {
		v.Entries = append(v.Entries, auditEntryView{At: e.At, Actor: e.Actor, Action: e.Action, Reason: e.Reason})
	}
	return v
}
