package intake

import "github.com/putuo-compliance/intake/shared/agency"

// ActorSystem is the actor of events the system itself records.
const ActorSystem = "system"

// Actor is who asks for a transition. Staff actors come from a verified token
// (the staff API); only System can act as the system, whatever a token's
// subject says.
type Actor struct {
	ID         string      // recorded in the history: ActorSystem or the staff member's id
	Agency     agency.Code // a staff member's agency
	Supervisor bool
	system     bool
}

// System returns the system as an actor.
func System() Actor { return Actor{ID: ActorSystem, system: true} }

// Staff returns a staff member of an agency as an actor.
func Staff(id string, of agency.Code, supervisor bool) Actor {
	return Actor{ID: id, Agency: of, Supervisor: supervisor}
}

// rolesOn returns the roles a plays towards sub.
func (a Actor) rolesOn(sub *Submission) Roles {
	if a.system {
		return RoleSystem
	}
	if a.ID == "" || a.Agency != sub.Agency {
		return 0 // another agency's staff play no part, supervisors included
	}
	r := RoleStaff
	if sub.Claim != nil && sub.Claim.By == a.ID {
		r |= RoleHolder
	}
	if a.Supervisor {
		r |= RoleSupervisor
	}
	return r
}
