// Package intake is the domain of the system: it takes a firm's form, stores it,
// routes it to one agency and puts a claim-check message on that agency's queue.
// It knows nothing of AWS; the store and the queue are small interfaces that the
// dynamostore and sqsqueue packages implement.
package intake

import (
	"encoding/json"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/forms"
)

// Status is a step in a submission's lifecycle (docs/domain.md, "Lifecycle";
// the moves between them are in lifecycle.go).
type Status string

// The lifecycle states.
const (
	StatusReceived  Status = "received"
	StatusQueued    Status = "queued"
	StatusInReview  Status = "in-review"
	StatusAnswered  Status = "answered"
	StatusScheduled Status = "scheduled"
	StatusClosed    Status = "closed"
	StatusRejected  Status = "rejected"
	// StatusErased is final: a supervisor erased the personal data on request,
	// leaving the stub (erase.go).
	StatusErased Status = "erased"
	// StatusTransferred is no state a submission is ever in: a transfer leaves it
	// queued at another agency (lifecycle.go). The name stays for the pages that
	// label a transfer event with it.
	StatusTransferred Status = "transferred"
)

// statusNames put the lifecycle states to firms, in both languages.
var statusNames = map[Status]forms.Text{
	StatusReceived:    {ZH: "已接收", EN: "Received"},
	StatusQueued:      {ZH: "等待受理", EN: "Waiting for the agency"},
	StatusInReview:    {ZH: "办理中", EN: "Being handled"},
	StatusAnswered:    {ZH: "已答复", EN: "Answered"},
	StatusScheduled:   {ZH: "已安排", EN: "Scheduled"},
	StatusClosed:      {ZH: "已办结", EN: "Closed"},
	StatusTransferred: {ZH: "已转交其他机关", EN: "Passed to another agency"},
	StatusRejected:    {ZH: "未予受理", EN: "Not accepted"},
	StatusErased:      {ZH: "个人信息已删除", EN: "Personal data erased"},
}

// Name puts s to firms: the status page and the e-mails say the same.
func (s Status) Name() forms.Text { return statusNames[s] }

// Statuses lists the states a submission can be in, in lifecycle order.
func Statuses() []Status {
	return []Status{StatusReceived, StatusQueued, StatusInReview, StatusAnswered, StatusScheduled, StatusRejected, StatusClosed, StatusErased}
}

// Event is one change in a submission's history. The firm sees a public event
// with its Note, never Internal (see PublicHistory).
type Event struct {
	At       time.Time
	Actor    string
	Action   Action // "" for the event that records the submission
	From     Status
	To       Status
	Agency   agency.Code // a transfer's new agency
	Note     string
	Internal string // staff-only text, also on a public event
	Public   bool   // shown to the firm on the status page
}

// Answer is an agency's reply; only its public part is shown to the firm.
type Answer struct {
	Public   string
	Internal string
}

// Claim says which staff member holds a submission under review, and since when.
type Claim struct {
	By    string
	Since time.Time
}

// Consent records which published wording of the consent notice
// (forms.ConsentWordings) a firm agreed to, and when.
type Consent struct {
	Version string
	At      time.Time
}

// Schedule is when and where an agency holds a requested training; the firm
// sees it.
type Schedule struct {
	At    time.Time
	Place string // an address, or how to join online
}

// Submission is one stored form with its routing and lifecycle.
type Submission struct {
	Reference     string
	Kind          forms.Kind
	Status        Status
	Agency        agency.Code
	Urgent        bool
	Language      forms.Lang
	TokenHash     []byte
	CorrelationID string
	SubmittedAt   time.Time
	UpdatedAt     time.Time
	Queued        bool // the claim-check message is on the agency queue
	// Listed says the agency inbox saw the submission's message while it was
	// at its agency (whatever its status then). Like Queued it is delivery
	// bookkeeping, not a lifecycle step: a queued submission is waiting on the
	// worklist once it is listed, and a transfer unlists it until the new
	// agency's inbox lists it again.
	Listed   bool
	Form     json.RawMessage // the validated form, as JSON; the store keeps it as a map
	History  []Event
	Answer   *Answer
	Schedule *Schedule
	Claim    *Claim
	// AnsweredAt is when the agency first answered (or, for a training, first
	// scheduled it): the end of the wait that the staff metrics measure.
	AnsweredAt *time.Time
	// Consent is the firm's PIPL consent as recorded: the wording it agreed to
	// and when. It is no personal data, and outlives the form (retention).
	Consent *Consent
	// RedactedAt is when the personal data was removed, leaving this stub
	// (Redact); nil while it is kept.
	RedactedAt *time.Time
	// IdempotencyRecord names the idempotency record stored with the
	// submission (Idempotency.Key), "" when there was none, so that an erasure
	// can delete that record too: it cannot be named again without the
	// client's key, which is never stored. It tells a table reader nothing new,
	// since the record names the submission anyway; a stub drops it.
	IdempotencyRecord string
	// Version counts the stored changes: 1 when created, one more for each
	// move (Store.Update, Store.Redact); delivery bookkeeping (Store.Mark)
	// counts none, and neither moves UpdatedAt. Items written before versions
	// existed read as 0.
	Version int64
}

// PublicHistory returns the events the firm may see, without their internal
// text.
func (s *Submission) PublicHistory() []Event {
	var public []Event
	for _, e := range s.History {
		if e.Public {
			e.Internal = ""
			public = append(public, e)
		}
	}
	return public
}

// Answers puts the stored form to people: its answers in words under the
// forms catalog's labels, in lang (forms.Answers). A stub whose personal data
// was removed (Redact, or an erasure) has no form, so none. The staff API's
// view, the exports and the staff console show a submission so.
func (s *Submission) Answers(lang forms.Lang) ([]forms.Answer, error) {
	if s.RedactedAt != nil {
		return nil, nil
	}
	return forms.Answers(s.Kind, s.Form, lang)
}

// Clone returns a deep copy of s: changing one never changes the other.
func (s *Submission) Clone() *Submission {
	c := *s
	c.History = append([]Event(nil), s.History...)
	if s.Answer != nil {
		a := *s.Answer
		c.Answer = &a
	}
	if s.Schedule != nil {
		sc := *s.Schedule
		c.Schedule = &sc
	}
	if s.Claim != nil {
		cl := *s.Claim
		c.Claim = &cl
	}
	if s.AnsweredAt != nil {
		at := *s.AnsweredAt
		c.AnsweredAt = &at
	}
	if s.Consent != nil {
		co := *s.Consent
		c.Consent = &co
	}
	if s.RedactedAt != nil {
		at := *s.RedactedAt
		c.RedactedAt = &at
	}
	return &c
}

// Idempotency remembers which submission an Idempotency-Key produced, so that a
// retried request gets the same receipt. Key is not the client's key but a
// digest of it with the form kind and the firm's credit code: keys are scoped
// per firm and form. BodyHash is a digest of the request that tells a replay
// from a conflict. The status token is kept
// sealed with another digest of the same request, which is never stored. Both
// digests are keyed by a server secret that the table never holds: only the
// server, given the key and the exact body again, can open the token (see
// seal.go).
type Idempotency struct {
	Key         string
	BodyHash    []byte
	Reference   string
	SealedToken []byte
	ExpiresAt   time.Time
}

// Message is the claim-check put on an agency's queue: the reference and the
// routing facts, never personal data.
type Message struct {
	Schema        string      `json:"schema"`
	Reference     string      `json:"reference"`
	Kind          forms.Kind  `json:"kind"`
	Agency        agency.Code `json:"agency"`
	Urgency       string      `json:"urgency"`
	SubmittedAt   time.Time   `json:"submittedAt"`
	CorrelationID string      `json:"correlationId"`
}

// MessageSchema names the version of Message.
const MessageSchema = "intake.submission.v1"

// NewMessage builds the claim-check message for s.
func NewMessage(s *Submission) Message {
	urgency := "normal"
	if s.Urgent {
		urgency = "urgent"
	}
	return Message{
		Schema:        MessageSchema,
		Reference:     s.Reference,
		Kind:          s.Kind,
		Agency:        s.Agency,
		Urgency:       urgency,
		SubmittedAt:   s.SubmittedAt,
		CorrelationID: s.CorrelationID,
	}
}
