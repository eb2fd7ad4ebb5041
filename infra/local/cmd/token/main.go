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
	"time"

	"github.com/putuo-compliance/intake/infra/local/localaws"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/putuo-compliance/intake/infra/local/demostaff"
	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
	"github.com/putuo-compliance/intake/shared/agency"
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
	template := fs.String("template", localaws.Or(getenv("TEMPLATE"), "template.yaml"), "the SAM template make run serves")
	stack := fs.String("stack-name", localaws.Or(getenv("STACK_NAME"), localaws.DefaultStackName), "make run's stack name")
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
	cfg, err := localaws.Config(getenv)
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
