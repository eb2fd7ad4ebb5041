// Package queueurls reads the agency queues' URLs from the environment, as
// template.yaml sets them, and tells which agency a queue belongs to. It links
// no SQS client: the agency inbox, which only receives what Lambda's event
// source hands it, needs the mapping but never calls SQS.
package queueurls

import (
	"strings"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/envconfig"
)

// EnvName is the variable that holds an agency's queue URL, as template.yaml's
// loop over the agencies sets it: QUEUE_URL_ and the agency's ID, e.g.
// QUEUE_URL_PublicSecurity. (The loop can only paste the ID into the name.)
func EnvName(c agency.Code) string { return "QUEUE_URL_" + c.ID() }

// Read reads the queue URL of every agency from v, recording each missing
// variable in v: a submission routed to an agency without a queue could never
// be dispatched.
func Read(v *envconfig.Vars) map[agency.Code]string {
	urls := make(map[agency.Code]string, len(agency.All))
	for _, a := range agency.All {
		urls[a.Code] = v.Required(EnvName(a.Code))
	}
	return urls
}

// AgencyOf returns the agency whose queue has the ARN arn (an SQS event
// record's eventSourceARN), given the URLs Read returned. A queue's URL ends
// in its name, as its ARN does.
func AgencyOf(urls map[agency.Code]string, arn string) (agency.Code, bool) {
	name := arn[strings.LastIndexByte(arn, ':')+1:]
	for code, url := range urls {
		if name != "" && url[strings.LastIndexByte(url, '/')+1:] == name {
			return code, true
		}
	}
	return "", false
}
