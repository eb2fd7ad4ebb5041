package sqsqueue

import (
	"strings"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/envconfig"
)

// EnvName is the variable that holds an agency's queue URL, as template.yaml sets
// it: QUEUE_URL_ and the code in upper case with dashes as underscores.
func EnvName(c agency.Code) string {
	return "QUEUE_URL_" + strings.ToUpper(strings.ReplaceAll(string(c), "-", "_"))
}

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
