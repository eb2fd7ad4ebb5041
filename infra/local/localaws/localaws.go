// Package localaws is the local tools' view of AWS while make run's stack runs:
// the endpoint variables the README describes, else the moto that make run
// starts on MOTO_PORT, with its region and dummy credentials unless they are set.
// Commands that work on the local stack (make token, the DLQ tool) share it, so
// they find the stack the same way.
package localaws

import (
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/putuo-compliance/intake/shared/awsenv"
)

// DefaultStackName is make run's stack name unless STACK_NAME says otherwise.
const DefaultStackName = "compliance-intake-local"

// Config builds the AWS configuration of make run's stack through getenv.
func Config(getenv func(string) string) (aws.Config, error) {
	port := Or(getenv("MOTO_PORT"), "5000")
	if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 {
		return aws.Config{}, fmt.Errorf("MOTO_PORT=%q is not a port number", port)
	}
	defaults := map[string]string{
		"AWS_ENDPOINT_URL":      "http://127.0.0.1:" + port,
		"AWS_REGION":            Or(getenv("AWS_DEFAULT_REGION"), "us-east-1"),
		"AWS_ACCESS_KEY_ID":     "test",
		"AWS_SECRET_ACCESS_KEY": "test",
	}
	// Credentials of one's own are taken whole: never a key of one's own with
	// the dummy secret.
	credsSet := getenv("AWS_ACCESS_KEY_ID") != "" || getenv("AWS_SECRET_ACCESS_KEY") != ""
	return awsenv.Config(func(name string) string {
		if v := getenv(name); v != "" {
			return v
		}
		if credsSet && (name == "AWS_ACCESS_KEY_ID" || name == "AWS_SECRET_ACCESS_KEY") {
			return ""
		}
		return defaults[name]
	})
}

// Or returns v, or def when v is empty.
func Or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
