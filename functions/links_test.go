// Package functions_test checks what each function's bootstrap links. Go runs
// the initialisation of every package a binary links before main, so a package
// a function does not use still costs it cold-start time and size; validator/v10,
// html/template and the SES client are the largest of ours.
package functions_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/putuo-compliance/intake/"

// Packages named in the rules; those of this module without the module path.
const (
	validator  = "github.com/go-playground/validator/v10"
	template   = "html/template"
	sesv2      = "github.com/aws/aws-sdk-go-v2/service/sesv2"
	sqs        = "github.com/aws/aws-sdk-go-v2/service/sqs"
	dynamodb   = "github.com/aws/aws-sdk-go-v2/service/dynamodb"
	cognitoIDP = "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	oidc       = "github.com/coreos/go-oidc/v3/oidc"
	oauth2     = "golang.org/x/oauth2"
	// zitadelOIDC is the OIDC provider the console's sign-in is tested
	// against (infra/local/oidcprovider): tests only, with its heavy tree.
	zitadelOIDC = "github.com/zitadel/oidc/v3/"
	secrets     = "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	formparse   = module + "shared/forms/formparse"
	httpapi     = module + "shared/httpapi"
	web         = module + "shared/web"
	sesmail     = module + "shared/sesmail"
	smtpmail    = module + "shared/smtpmail"
	sqsqueue    = module + "shared/sqsqueue"
	keyring     = module + "shared/keyring"
	secretsRead = module + "shared/secrets"
	inbox       = module + "shared/inbox"
	console     = module + "shared/console"
	wiringRoot  = module + "shared/app"
)

// linkRule is what one function (a folder of functions/) must and must not link.
type linkRule struct {
	validates bool     // takes in forms; those that do not must not link validator/v10 or html/template
	pages     bool     // serves pages without taking in forms: may link html/template, never validator/v10
	mails     bool     // sends e-mail; only those that take in forms or mail may link SES and SMTP
	wiring    []string // its wiring packages under shared/app; it may link no other, nor the registry
	uses      []string // what it uses, so must link (this also keeps the test from passing on an empty list)
	unused    []string // what it does not use, so must not link
}

var rules = map[string]linkRule{
	"status": {
		wiring: []string{"statusfn"},
		uses:   []string{dynamodb, httpapi},
		unused: []string{sqs, sqsqueue, formparse, web, sesmail, smtpmail, secrets, secretsRead, keyring},
	},
	"inbox": {
		wiring: []string{"inboxfn"},
		uses:   []string{dynamodb, inbox},
		unused: []string{sqs, sqsqueue, formparse, httpapi, web, sesmail, smtpmail, secrets, secretsRead, keyring},
	},
	"redispatch": {
		wiring: []string{"redispatchfn"},
		uses:   []string{dynamodb, sqs},
		unused: []string{formparse, httpapi, web, sesmail, smtpmail, secrets, secretsRead, keyring},
	},
	"retention": {
		wiring: []string{"retentionfn"},
		uses:   []string{dynamodb},
		unused: []string{sqs, sqsqueue, formparse, httpapi, web, sesmail, smtpmail, secrets, secretsRead, keyring},
	},
	// Both transports: the choice between SES and SMTP is made at run time
	// (shared/mailer), and the SMTP password comes from Secrets Manager; the
	// server key (keyring) stays out.
	"staff": {
		mails:  true,
		wiring: []string{"stafffn"},
		uses:   []string{dynamodb, sqs, httpapi, sesv2, sesmail, smtpmail, secrets, secretsRead},
		unused: []string{formparse, web, keyring, console, cognitoIDP, oidc, oauth2},
	},
	// The staff console: pages, the staff desk (which queues transfers and
	// mails the firm), sign-in through Cognito or another OIDC provider (the
	// code flow: oauth2) with its tokens verified, and the server secret for
	// its CSRF tokens; it takes in no firm's form.
	"console": {
		mails:  true,
		pages:  true,
		wiring: []string{"consolefn", "stafffn"},
		uses:   []string{dynamodb, sqs, sesv2, sesmail, smtpmail, template, cognitoIDP, oidc, oauth2, console, web, secrets, secretsRead, keyring},
		unused: []string{formparse, inbox},
	},
	"submit": {
		validates: true,
		wiring:    []string{"submitfn"},
		uses:      []string{dynamodb, sqs, validator, formparse, httpapi, secrets, secretsRead, keyring},
		unused:    []string{template, sesv2, web, sesmail, smtpmail},
	},
	"web": {
		validates: true,
		wiring:    []string{"webfn", "submitfn"},
		uses:      []string{dynamodb, sqs, validator, formparse, template, sesv2, web, sesmail, smtpmail, secrets, secretsRead, keyring},
	},
}

// TestLinks lists each function's dependencies as make build compiles it
// (linux/arm64, -tags lambda.norpc) and checks them against its rule.
func TestLinks(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rule, ok := rules[name]
			if !ok {
				t.Fatalf("functions/%s has no rule in this test; add one", name)
			}
			deps := listDeps(t, "./"+name)
			for _, p := range rule.uses {
				if !slices.Contains(deps, p) {
					t.Errorf("does not link %s, which it uses", p)
				}
			}
			forbidden := slices.Clone(rule.unused)
			if !rule.validates {
				forbidden = append(forbidden, validator)
			}
			if !rule.validates && !rule.pages {
				forbidden = append(forbidden, template)
			}
			if !rule.validates && !rule.mails {
				forbidden = append(forbidden, sesv2, smtpmail)
			}
			for _, p := range forbidden {
				if slices.Contains(deps, p) {
					t.Errorf("links %s, which it does not use", p)
				}
			}
			for _, p := range deps {
				if p == wiringRoot || strings.HasPrefix(p, module+"infra/") || strings.HasPrefix(p, zitadelOIDC) {
					t.Errorf("links %s, which only the local stack and tests may", p)
				}
				if fn, ok := strings.CutPrefix(p, wiringRoot+"/"); ok && !slices.Contains(rule.wiring, fn) {
					t.Errorf("links another function's wiring, %s", p)
				}
			}
		})
	}
}

// listDeps is `go list -deps -tags lambda.norpc pkg` for the Lambda target.
func listDeps(t *testing.T, pkg string) []string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-tags", "lambda.norpc", pkg)
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %s: %v\n%s", pkg, err, stderr.String())
	}
	return strings.Fields(string(out))
}

// operations are the SDK operations our adapters call, by service package:
// the only ones a bootstrap may link. html/template and validator/v10 look
// methods up by name through reflect, and then the linker keeps every
// exported method of every type an interface value can lead to; an adapter
// that kept its client where one can (a field of a type that goes about as an
// interface, or the client as an interface) would link every operation of its
// service, hundreds for the console.
var operations = map[string][]string{
	"dynamodb": {"GetItem", "BatchGetItem", "PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "Query", "Scan",
		"DescribeEndpoints"}, // the client's own endpoint discovery
	"sqs":                     {"SendMessage"},
	"sesv2":                   {"SendEmail"},
	"secretsmanager":          {"GetSecretValue"},
	"cognitoidentityprovider": {"InitiateAuth", "RespondToAuthChallenge", "GlobalSignOut"},
}

// operation is an SDK client's exported method in `go tool nm` output.
var operation = regexp.MustCompile(`github\.com/aws/aws-sdk-go-v2/service/([a-z0-9]+)\.\(\*Client\)\.([A-Z]\w*)$`)

// TestOperations builds each function and checks the SDK operations its
// binary holds against operations. It builds for the host, where the build
// cache of the tests serves; the linker drops the same code on every target.
func TestOperations(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			bin := filepath.Join(t.TempDir(), "bootstrap")
			run(t, "build", "-trimpath", "-buildvcs=false", "-tags", "lambda.norpc", "-o", bin, "./"+name)
			var linked, extra []string
			for _, line := range strings.Split(run(t, "tool", "nm", bin), "\n") {
				m := operation.FindStringSubmatch(line)
				if m == nil {
					continue
				}
				op := m[1] + "." + m[2]
				linked = append(linked, op)
				if !slices.Contains(operations[m[1]], m[2]) {
					extra = append(extra, op)
				}
			}
			if len(linked) == 0 {
				t.Fatal("links no SDK operation: has `go tool nm` changed how it names them?")
			}
			if len(extra) > 0 {
				t.Errorf("links %d SDK operations that no adapter calls, such as %s", len(extra), strings.Join(extra[:min(5, len(extra))], ", "))
			}
		})
	}
}

// run is `go args...` with cgo off, as make build runs it; its standard output.
func run(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}
