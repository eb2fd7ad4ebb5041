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

// Status is a step in a submission's lifecycle (DOMAIN.md, "Lifecycle").
type Status string

// The lifecycle states.
const (
	StatusReceived    Status = "received"
	StatusQueued      Status = "queued"
	StatusInReview    Status = "in-review"
	StatusAnswered    Status = "answered"
	StatusScheduled   Status = "scheduled"
	StatusClosed      Status = "closed"
	StatusTransferred Status = "transferred"
	StatusRejected    Status = "rejected"
)

// ActorSystem is the actor of events the system itself records.
const ActorSystem = "system"

// Event is one change in a submission's history.
type Event struct {
	At     time.Time `dynamodbav:"at"`
	Actor  string    `dynamodbav:"actor"`
	From   Status    `dynamodbav:"from,omitempty"`
	To     Status    `dynamodbav:"to"`
	Note   string    `dynamodbav:"note,omitempty"`
	Public bool      `dynamodbav:"public"` // shown to the firm on the status page
}

// Answer is an agency's reply; only its public part is shown to the firm.
type Answer struct {
	Public   string `dynamodbav:"public,omitempty"`
	Internal string `dynamodbav:"internal,omitempty"`
}

// Submission is one stored form with its routing and lifecycle.
type Submission struct {
	Reference     string          `dynamodbav:"reference"`
	Kind          forms.Kind      `dynamodbav:"kind"`
	Status        Status          `dynamodbav:"status"`
	Agency        agency.Code     `dynamodbav:"agency"`
	Urgent        bool            `dynamodbav:"urgent"`
	Language      forms.Lang      `dynamodbav:"language"`
	TokenHash     []byte          `dynamodbav:"tokenHash"`
	CorrelationID string          `dynamodbav:"correlationId"`
	SubmittedAt   time.Time       `dynamodbav:"submittedAt"`
	UpdatedAt     time.Time       `dynamodbav:"updatedAt"`
	Queued        bool            `dynamodbav:"queued"` // the claim-check message is on the agency queue
	Form          json.RawMessage `dynamodbav:"-"`      // the validated form, as JSON; the store keeps it as a map
	History       []Event         `dynamodbav:"history"`
	Answer        *Answer         `dynamodbav:"answer,omitempty"`
}

// PublicHistory returns the events the firm may see.
func (s *Submission) PublicHistory() []Event {
	var public []Event
	for _, e := range s.History {
		if e.Public {
			public = append(public, e)
		}
	}
	return public
}

// Idempotency remembers which submission an Idempotency-Key produced, so that a
// retried request gets the same receipt. BodyHash is a digest of the form kind,
// key and body that tells a replay from a conflict. The status token is kept
// sealed with another digest of the same request, which is never stored: only a
// caller holding the key and the exact body can open it (see seal.go).
type Idempotency struct {
	Key         string    `dynamodbav:"key"`
	BodyHash    []byte    `dynamodbav:"bodyHash"`
	Reference   string    `dynamodbav:"reference"`
	SealedToken []byte    `dynamodbav:"sealedToken"`
	ExpiresAt   time.Time `dynamodbav:"expiresAt,unixtime"`
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
