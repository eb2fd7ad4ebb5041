package sqsqueue

import (
	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/envconfig"
)

// EnvName is the variable that holds an agency's queue URL, as template.yaml's
// loop over the agencies sets it: QUEUE_URL_ and the agency's ID, e.g.
// QUEUE_URL_PublicSecurity. (The loop can only paste the ID into the name.)
func EnvName(c agency.Code) string { return "QUEUE_URL_" + c.ID() }

// ReadURLs reads the queue URL of every agency from v, recording each missing
// variable in v: a submission routed to an agency without a queue could never
// be dispatched.
func ReadURLs(v *envconfig.Vars) map[agency.Code]string {
	urls := make(map[agency.Code]string, len(agency.All))
	for _, a := range agency.All {
		urls[a.Code] = v.Required(EnvName(a.Code))
	}
	return urls
}
