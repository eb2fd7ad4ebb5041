package intake

import (
	"slices"
	"strings"

	"github.com/putuo-compliance/intake/shared/forms"
)

// Action is what someone does to a submission: each allowed move is a row of
// the transition table below.
type Action string

// The actions. Staff send them by these names (DESIGN's staff API); dispatch is
// the system's alone.
const (
	ActionDispatch Action = "dispatch" // the claim-check message is on the agency queue
	ActionClaim    Action = "claim"
	ActionAnswer   Action = "answer"
	ActionSchedule Action = "schedule"
	ActionReject   Action = "reject"
	ActionRelease  Action = "release"
	ActionTransfer Action = "transfer"
	ActionClose    Action = "close"
	ActionNote     Action = "note"
	// ActionErase removes the personal data at once, on request (erase.go).
	ActionErase Action = "erase"
)

// Roles is a set of the parts an actor can play towards one submission.
type Roles uint8

// The roles. Every staff role is towards the owning agency's submissions only.
const (
	RoleSystem     Roles = 1 << iota // the system itself (dispatch)
	RoleStaff                        // any staff member of the owning agency
	RoleHolder                       // the staff member whose claim it is
	RoleSupervisor                   // a supervisor of the owning agency
)

var roleNames = []struct {
	role Roles
	name string
}{{RoleSystem, "system"}, {RoleStaff, "staff"}, {RoleHolder, "holder"}, {RoleSupervisor, "supervisor"}}

// String lists the roles, "holder, supervisor", as docs/domain.md writes them.
func (r Roles) String() string {
	var names []string
	for _, n := range roleNames {
		if r&n.role != 0 {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, ", ")
}

// NoteRule says whether an action takes a note, and whether the firm sees it.
type NoteRule uint8

// The note rules.
const (
	NoNote           NoteRule = iota // a note is refused
	OptionalInternal                 // staff only
	RequiredInternal                 // staff only, and needed: a transfer's reason
	RequiredPublic                   // shown to the firm, and needed: a rejection's reason
)

// String says the rule as docs/domain.md writes it: "required, public".
func (r NoteRule) String() string {
	switch r {
	case OptionalInternal:
		return "optional, internal"
	case RequiredInternal:
		return "required, internal"
	case RequiredPublic:
		return "required, public"
	}
	return "none"
}

// Transition is one allowed move: from a status, by an action, to a status, by
// whom. The table is the lifecycle's single statement; the stores only write
// what Apply decided.
type Transition struct {
	From   Status
	Action Action
	To     Status
	By     Roles
	Kind   forms.Kind // "" for any kind
	Note   NoteRule
	Public bool // the firm sees the event
}

// transitions is the lifecycle (docs/domain.md, "Lifecycle", explains each
// choice). Whatever is not here is refused.
var transitions = []Transition{
	{StatusReceived, ActionDispatch, StatusQueued, RoleSystem, "", NoNote, true},
	{StatusQueued, ActionClaim, StatusInReview, RoleStaff, "", NoNote, true},
	{StatusInReview, ActionAnswer, StatusAnswered, RoleHolder, "", NoNote, true},
	{StatusInReview, ActionSchedule, StatusScheduled, RoleHolder, forms.KindTraining, NoNote, true},
	{StatusScheduled, ActionSchedule, StatusScheduled, RoleHolder, forms.KindTraining, NoNote, true}, // the date moved
	{StatusInReview, ActionReject, StatusRejected, RoleHolder, "", RequiredPublic, true},
	{StatusInReview, ActionRelease, StatusQueued, RoleHolder | RoleSupervisor, "", OptionalInternal, true},
	{StatusInReview, ActionTransfer, StatusQueued, RoleHolder, "", RequiredInternal, true},
	{StatusAnswered, ActionClose, StatusClosed, RoleHolder | RoleSupervisor, "", OptionalInternal, true},
	{StatusScheduled, ActionClose, StatusClosed, RoleHolder | RoleSupervisor, "", OptionalInternal, true},
	{StatusInReview, ActionNote, StatusInReview, RoleHolder, "", RequiredInternal, false},
	{StatusAnswered, ActionNote, StatusAnswered, RoleHolder, "", RequiredInternal, false},
	{StatusScheduled, ActionNote, StatusScheduled, RoleHolder, "", RequiredInternal, false},
	// Erasure on request (PIPL): from any state but erased, since a firm may
	// ask at any time; the reason goes to the audit trail, not the history.
	{StatusReceived, ActionErase, StatusErased, RoleSupervisor, "", RequiredInternal, true},
	{StatusQueued, ActionErase, StatusErased, RoleSupervisor, "", RequiredInternal, true},
	{StatusInReview, ActionErase, StatusErased, RoleSupervisor, "", RequiredInternal, true},
	{StatusAnswered, ActionErase, StatusErased, RoleSupervisor, "", RequiredInternal, true},
	{StatusScheduled, ActionErase, StatusErased, RoleSupervisor, "", RequiredInternal, true},
	{StatusRejected, ActionErase, StatusErased, RoleSupervisor, "", RequiredInternal, true},
	{StatusClosed, ActionErase, StatusErased, RoleSupervisor, "", RequiredInternal, true},
}

// Transitions returns the lifecycle's transition table, in a stable order.
func Transitions() []Transition { return append([]Transition(nil), transitions...) }

// lookup returns the transition for action from status; known says whether
// the action is in the table at all.
func lookup(from Status, action Action) (t Transition, ok, known bool) {
	for _, t := range transitions {
		if t.Action != action {
			continue
		}
		known = true
		if t.From == from {
			return t, true, true
		}
	}
	return Transition{}, false, known
}

// Moves lists the actions by may make on s now, each once, in the table's
// order: what a console offers. It asks the table the questions Apply asks
// first (the status, the actor, the kind of form); Apply still checks the
// inputs, and the store the version.
func (s *Submission) Moves(by Actor) []Action {
	roles := by.rolesOn(s)
	var out []Action
	for _, t := range transitions {
		if t.From == s.Status && roles&t.By != 0 && (t.Kind == "" || t.Kind == s.Kind) && !slices.Contains(out, t.Action) {
			out = append(out, t.Action)
		}
	}
	return out
}
