package sqsqueue

import (
	"fmt"
	"strings"

	"github.com/putuo-compliance/intake/shared/agency"
)

// EnvName is the variable that holds an agency's queue URL, as template.yaml sets
// it: QUEUE_URL_ and the code in upper case with dashes as underscores.
func EnvName(c agency.Code) string {
	return "QUEUE_URL_" + strings.ToUpper(strings.ReplaceAll(string(c), "-", "_"))
}

// URLsFromEnv reads the queue URL of every agency through getenv (os.Getenv in a
// function's main). A missing one is an error naming every missing variable:
// a submission routed to an agency without a queue could never be dispatched.
func URLsFromEnv(getenv func(string) string) (map[agency.Code]string, error) {
	urls := make(map[agency.Code]string, len(agency.All))
	var missing []string
	for _, a := range agency.All {
		name := EnvName(a.Code)
		if u := getenv(name); u != "" {
			urls[a.Code] = u
		} else {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("sqsqueue: queue URL variables not set: %s", strings.Join(missing, ", "))
	}
	return urls, nil
}
