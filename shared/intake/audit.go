package intake

import (
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
)

// AuditRead is the audit action of a staff read of a whole submission; a move's
// audit action is its Action.
const AuditRead = "read"

// AuditEntry records that a staff member saw or changed a submission: who, when,
// what. It never holds the submission's contents, so the trail can be kept and
// shown long after the form itself may be erased. Entries are only ever added.
type AuditEntry struct {
	Reference string
	Agency    agency.Code // the submission's agency at the time
	Actor     string
	Action    string // AuditRead, or the Action of a move
	At        time.Time
	// Reason is why, for an erasure: the supervisor's words (which request,
	// when, by what channel), the agency's record of why the data went. It is
	// kept here, for supervisors, and nowhere else: not in the history, never
	// in a log. "" for every other entry.
	Reason string
}

func audit(sub *Submission, by Actor, action string, at time.Time) *AuditEntry {
	return &AuditEntry{Reference: sub.Reference, Agency: sub.Agency, Actor: by.ID, Action: action, At: at}
}
