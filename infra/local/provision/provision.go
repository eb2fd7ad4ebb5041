// Package provision creates a template's stateful resources (DynamoDB tables, SQS
// queues, the server secret, the staff user pool with its demo users) in a local AWS emulator, from template.yaml itself, so local and cloud
// cannot drift. It is a small stand-in for CloudFormation: it knows the resource
// types and intrinsic functions this project's template uses, and Deploy can be run
// again on the same endpoint (existing resources are reused). Nested applications
// (AWS::Serverless::Application with a local template, where the template keeps
// its region-only parts) are deployed as stacks of their own, as CloudFormation
// deploys nested stacks (nested.go).
package provision

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/putuo-compliance/intake/infra/local/samtemplate"
)

// accountID is moto's default account.
const accountID = "123456789012"

// LocalParameters are the local stack's parameter overrides, as
// `sam deploy --parameter-overrides` gives them; other parameters take their
// defaults. Locally the confirmation e-mails are on: moto captures them. The
// abuse limits are high: the tests, the benchmarks and a developer send
// everything from 127.0.0.1 to legal@example.com; the tests of the limits set
// their own.
var LocalParameters = map[string]string{
	"SenderAddress":            "noreply@example.com",
	"SubmissionsPerClientHour": "10000",
	"MailsPerAddressDay":       "100",
}

// Stack is what Deploy created: what Ref and Fn::GetAtt give for each resource.
type Stack struct {
	Name   string
	params map[string]string // the parameters given; the rest take their defaults
	tmpl   *samtemplate.Template
	cfg    aws.Config
	region string
	refs   map[string]string
	attrs  map[string]map[string]string
	ddb    *dynamodb.Client
	sqs    *sqs.Client
	ses    *sesv2.Client
	sm     *secretsmanager.Client

	cognito    *cip.Client
	cognitoURL string   // the emulator's Cognito endpoint, which serves the pools' keys
	pools      []string // logical IDs of the user pools created

	nested map[string]*Stack // the nested applications' stacks, by logical ID
}

// creators are the resource types emulated locally.
var creators = map[string]func(*Stack, context.Context, string, map[string]any) error{
	"AWS::DynamoDB::Table":    (*Stack).createTable,
	"AWS::SQS::Queue":         (*Stack).createQueue,
	"AWS::SES::EmailIdentity": (*Stack).createEmailIdentity,

	"AWS::SES::ConfigurationSet": (*Stack).createConfigurationSet,

	"AWS::SecretsManager::Secret": (*Stack).createSecret,

	"AWS::Cognito::UserPool":       (*Stack).createUserPool,
	"AWS::Cognito::UserPoolClient": (*Stack).createUserPoolClient,
	"AWS::Cognito::UserPoolGroup":  (*Stack).createUserPoolGroup,
}

// creator is how a resource type is emulated: one of creators, or a nested
// application, which deploys a template of its own (and so cannot be in the
// creators' map, which Deploy itself reads).
func creator(typ string) func(*Stack, context.Context, string, map[string]any) error {
	if typ == "AWS::Serverless::Application" {
		return (*Stack).createApplication
	}
	return creators[typ]
}

func (s *Stack) creates(id string) bool {
	return creator(s.tmpl.Resources[id].Type) != nil
}

func newStack(cfg aws.Config, t *samtemplate.Template, stackName string, params map[string]string) *Stack {
	return &Stack{
		Name:    stackName,
		params:  params,
		tmpl:    t,
		cfg:     cfg,
		region:  cfg.Region,
		refs:    map[string]string{},
		attrs:   map[string]map[string]string{},
		nested:  map[string]*Stack{},
		ddb:     dynamodb.NewFromConfig(cfg),
		sqs:     sqs.NewFromConfig(cfg),
		ses:     sesv2.NewFromConfig(cfg),
		sm:      secretsmanager.NewFromConfig(cfg),
		cognito: cip.NewFromConfig(cfg),
		cognitoURL: serviceEndpoint(context.Background(), cfg, cip.ServiceID,
			"https://cognito-idp."+cfg.Region+".amazonaws.com"),
	}
}

// Deploy creates the template's tables, queues and user pools through cfg, which
// points at the emulator (see awsenv.Config), skipping the resources whose
// Condition does not hold for the local parameters. Each user pool gets the
// demo staff users (package demostaff).
func Deploy(ctx context.Context, cfg aws.Config, t *samtemplate.Template, stackName string) (*Stack, error) {
	return DeployWith(ctx, cfg, t, stackName, LocalParameters)
}

// DeployWith is Deploy with other parameters than LocalParameters, as
// `sam deploy --parameter-overrides` would give them: a test of a template
// option deploys with it set.
func DeployWith(ctx context.Context, cfg aws.Config, t *samtemplate.Template, stackName string, params map[string]string) (*Stack, error) {
	s := newStack(cfg, t, stackName, params)
	if err := s.checkRules(); err != nil {
		return nil, err
	}
	var todo []string
	for id := range t.Resources {
		ok, err := s.exists(id)
		if err != nil {
			return nil, fmt.Errorf("resource %s: %w", id, err)
		}
		if ok && s.creates(id) {
			todo = append(todo, id)
		}
	}
	sort.Strings(todo)
	for len(todo) > 0 {
		var later []string
		for _, id := range todo {
			props, err := s.resolve(t.Resources[id].Properties)
			if errors.Is(err, errPending) {
				later = append(later, id)
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("resource %s: %w", id, err)
			}
			p, _ := props.(map[string]any)
			if err := creator(t.Resources[id].Type)(s, ctx, id, p); err != nil {
				return nil, fmt.Errorf("create %s: %w", id, err)
			}
		}
		if len(later) == len(todo) {
			return nil, fmt.Errorf("resources %v depend on each other or on something missing", later)
		}
		todo = later
	}
	if err := s.seedDemoStaff(ctx); err != nil {
		return nil, fmt.Errorf("demo staff: %w", err)
	}
	return s, nil
}

// exists reports whether the resource id is part of the stack: it has no
// Condition, or its condition holds.
func (s *Stack) exists(id string) (bool, error) {
	cond := s.tmpl.Resources[id].Condition
	if cond == "" {
		return true, nil
	}
	return s.condition(cond)
}

// Ref returns what CloudFormation's Ref gives for a created resource: a table's
// name, a queue's URL. A resource of a nested application's stack is found by
// its logical ID there too, as the console lists nested stacks' resources.
func (s *Stack) Ref(id string) string {
	if v, ok := s.refs[id]; ok {
		return v
	}
	for _, n := range s.nestedStacks() {
		if v := n.Ref(id); v != "" {
			return v
		}
	}
	return ""
}

// FunctionEnv returns a function's environment variables with every reference
// resolved, as Lambda would set them. A variable the template declares empty is
// left out: the functions treat empty as unset, and locally it must not hide the
// value the local stack gives it (e.g. AWS_ENDPOINT_URL).
func (s *Stack) FunctionEnv(id string) (map[string]string, error) {
	vars, err := s.tmpl.FunctionEnvironment(id)
	if err != nil {
		return nil, err
	}
	env := make(map[string]string, len(vars))
	for k, v := range vars {
		r, err := s.resolve(v)
		if err != nil {
			return nil, fmt.Errorf("function %s variable %s: %w", id, k, err)
		}
		if v := fmt.Sprint(r); v != "" {
			env[k] = v
		}
	}
	return env, nil
}
