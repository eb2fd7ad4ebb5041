// Command token prints an ID token of a demo staff user of the local stack
// (`make token AGENCY=procuratorate [ROLE=supervisor]`), for curl's
// Authorization header while `make run` runs:
//
//	curl -H "Authorization: Bearer $(make -s token AGENCY=procuratorate)" ...
//
// It signs in as make run's demo user (USER_PASSWORD_AUTH) in the user pool that
// make run made from template.yaml for the stack STACK_NAME
// (compliance-intake-local). It reaches moto as make run does: AWS_ENDPOINT_URL
// (or AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER) when set, else
// http://127.0.0.1:MOTO_PORT (5000).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/putuo-compliance/intake/infra/local/demostaff"
	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/awsenv"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "token:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	code := fs.String("agency", getenv("AGENCY"), "the demo user's agency, e.g. procuratorate")
	role := fs.String("role", getenv("ROLE"), "staff (the default) or supervisor")
	access := fs.Bool("access", false, "print the access token instead of the ID token")
	template := fs.String("template", orDefault(getenv("TEMPLATE"), "template.yaml"), "the SAM template make run serves")
	stack := fs.String("stack-name", orDefault(getenv("STACK_NAME"), "compliance-intake-local"), "make run's stack name")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *code == "" {
		return errors.New("say which agency: make token AGENCY=procuratorate [ROLE=supervisor]")
	}
	user, err := demostaff.Find(agency.Code(*code), *role)
	if err != nil {
		return err
	}
	cfg, err := config(getenv)
	if err != nil {
		return err
	}
	tmpl, err := samtemplate.Load(*template)
	if err != nil {
		return err
	}
	_, clientID, err := provision.StaffPool(ctx, cfg, tmpl, *stack)
	if err != nil {
		return fmt.Errorf("%w (is make run running?)", err)
	}
	res, err := demostaff.SignIn(ctx, cip.NewFromConfig(cfg), clientID, user.Name, demostaff.Password)
	if err != nil {
		return err
	}
	token := res.IdToken
	if *access {
		token = res.AccessToken
	}
	_, err = fmt.Fprintln(stdout, aws.ToString(token))
	return err
}

// config is make run's view of AWS: its endpoint variables, else the moto it
// starts on MOTO_PORT; its region and dummy credentials unless set.
func config(getenv func(string) string) (aws.Config, error) {
	port := orDefault(getenv("MOTO_PORT"), "5000")
	if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 {
		return aws.Config{}, fmt.Errorf("MOTO_PORT=%q is not a port number", port)
	}
	defaults := map[string]string{
		"AWS_ENDPOINT_URL":      "http://127.0.0.1:" + port,
		"AWS_REGION":            orDefault(getenv("AWS_DEFAULT_REGION"), "us-east-1"),
		"AWS_ACCESS_KEY_ID":     "test",
		"AWS_SECRET_ACCESS_KEY": "test",
	}
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

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
