// Package devstack runs the whole local stack that `make run` starts: moto_server,
// the template's tables and queues, the template's HTTP API routes served by
// the real handlers, its schedules and its SQS event sources, and, when mail
// goes by SMTP, Mailpit, until its context ends.
package devstack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/putuo-compliance/intake/infra/local/devapi"
	"github.com/putuo-compliance/intake/infra/local/moto"
	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
	"github.com/putuo-compliance/intake/shared/app"
	"github.com/putuo-compliance/intake/shared/awsenv"
	"github.com/putuo-compliance/intake/shared/logging"
)

// Options configure Run. Zero ports pick free ones.
type Options struct {
	Port      int    // the API's port on 127.0.0.1
	MotoPort  int    // moto_server's port on 127.0.0.1
	Template  string // path of template.yaml
	StackName string // names the resources, as the CloudFormation stack would

	// Mail is how the firms' e-mails go out: MailSES (the default; moto keeps
	// them) or MailSMTP (Mailpit captures them, over STARTTLS with AUTH).
	Mail string
	// SMTPPort and MailpitPort are Mailpit's SMTP and web ports with MailSMTP.
	SMTPPort, MailpitPort int

	// Listener, when set, is used instead of listening on Port, so a caller
	// (a test) knows the address before the stack is ready. Run closes it.
	Listener net.Listener

	Getenv func(string) string // the process environment (os.Getenv)
	Stdout io.Writer           // JSON logs: access log and the functions' own
	Stderr io.Writer           // the banner and lifecycle lines, plain text

	// OnReady, when set, is called once the API serves, with what runs where.
	OnReady func(Info)

	// Now is the clock of the local API's JWT authorizers; time.Now when nil.
	// Tests move it to see an expired token refused.
	Now func() time.Time
}

// Info is what runs where, once the stack is ready.
type Info struct {
	APIURL    string
	MotoURL   string            // empty when AWS_ENDPOINT_URL named an emulator
	MailURL   string            // Mailpit's web UI and API, when mail goes by SMTP
	Endpoints map[string]string // "DYNAMODB", "SQS" -> endpoint the functions use
	Routes    []devapi.Route    // what the API serves
	Tables    []string          // table names
	Queues    []string          // queue URLs
	Schedules []samtemplate.Schedule
	// EventSources are the queues polled for functions, as Lambda's event
	// source mappings do (the agency inbox).
	EventSources []provision.EventSource
	Staff        bool // the stack has the staff user pool with its demo users
}

// shutdownTimeout bounds how long in-flight requests may finish after Ctrl-C.
const shutdownTimeout = 10 * time.Second

// Run starts the stack, serves until ctx ends, then stops everything it started.
// It returns nil when stopped by ctx, also during startup.
func Run(ctx context.Context, opts Options) error {
	err := run(ctx, opts)
	if err == nil {
		fmt.Fprintln(opts.Stderr, "stopped")
	}
	return err
}

func run(ctx context.Context, opts Options) (err error) {
	ln := opts.Listener
	if ln == nil {
		if ln, err = net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(opts.Port))); err != nil {
			return fmt.Errorf("listen for the API: %w", err)
		}
	}
	apiURL := "http://" + ln.Addr().String()

	// Serve at once, so /healthz answers 503 while the rest starts.
	accessLog := logging.New(opts.Stdout, opts.Getenv("LOG_LEVEL"))
	api := devapi.New(devapi.Config{Log: accessLog})
	srv := &http.Server{Handler: api, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
		defer cancel()
		if serr := srv.Shutdown(sctx); serr != nil && err == nil {
			err = fmt.Errorf("stop the API: %w", serr)
		}
	}()

	tmpl, err := samtemplate.Load(opts.Template)
	if err != nil {
		return err
	}
	env := newEnv(opts.Getenv)
	motoURL := "" // empty: an emulator the caller runs, from AWS_ENDPOINT_URL
	if env.get("AWS_ENDPOINT_URL") == "" {
		fmt.Fprintln(opts.Stderr, "starting moto_server...")
		var m *moto.Server
		if m, err = moto.Start(ctx, opts.MotoPort); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if errors.Is(err, moto.ErrNotInstalled) {
				return fmt.Errorf("%w, or set AWS_ENDPOINT_URL to an AWS emulator that runs already", err)
			}
			return fmt.Errorf("start moto_server: %w", err)
		}
		defer func() {
			if serr := m.Stop(); serr != nil && err == nil {
				err = fmt.Errorf("stop moto_server: %w", serr)
			}
		}()
		motoURL = m.URL
		env = env.with(map[string]string{"AWS_ENDPOINT_URL": m.URL})
	}

	fmt.Fprintln(opts.Stderr, "creating the template's tables and queues...")
	cfg, err := awsenv.Config(env.get)
	if err != nil {
		return err
	}
	mail, err := startMail(ctx, opts, cfg, opts.StackName)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("mail: %w", err)
	}
	defer mail.stop()
	env = env.with(mail.env)
	stack, err := provision.DeployWith(ctx, cfg, tmpl, opts.StackName, mail.params)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("create the template's resources: %w", err)
	}
	routes, err := buildRoutes(tmpl.Routes(), stack, env, opts.Stdout)
	if err != nil {
		return err
	}
	if err := guardRoutes(routes, tmpl.Routes(), stack, opts.Now); err != nil {
		return err
	}
	if err := api.Serve(routes); err != nil {
		return err
	}
	if err := startSchedules(ctx, tmpl.Schedules(), stack, env, opts.Stdout); err != nil {
		return err
	}
	sources, err := stack.EventSources()
	if err != nil {
		return err
	}
	if err := startEventSources(ctx, sources, stack, env, sqs.NewFromConfig(cfg), opts.Stdout); err != nil {
		return err
	}
	info := Info{APIURL: apiURL, MotoURL: motoURL, MailURL: mail.url, Endpoints: endpointsOf(env), Routes: api.Routes(), Schedules: tmpl.Schedules(),
		EventSources: sources, Staff: stack.HasStaffPool()}
	for _, id := range tmpl.ResourcesOfType("AWS::DynamoDB::Table") {
		info.Tables = append(info.Tables, stack.Ref(id))
	}
	for _, id := range tmpl.ResourcesOfType("AWS::SQS::Queue") {
		info.Queues = append(info.Queues, stack.Ref(id))
	}
	printBanner(opts.Stderr, info)
	if opts.OnReady != nil {
		opts.OnReady(info)
	}

	select {
	case <-ctx.Done():
		fmt.Fprintln(opts.Stderr, "\nstopping the local stack...")
		return nil
	case err := <-served:
		return fmt.Errorf("serve the API: %w", err)
	}
}

// buildRoutes builds each routed function's handler once, as a Lambda cold start
// would, with the function's environment from the template over the stack's.
func buildRoutes(tr []samtemplate.Route, stack *provision.Stack, env environ, logs io.Writer) ([]devapi.Route, error) {
	handlers := map[string]devapi.Handler{}
	routes := make([]devapi.Route, 0, len(tr))
	for _, r := range tr {
		h, ok := handlers[r.Function]
		if !ok {
			build, ok := app.HTTPFunctions[r.Function]
			if !ok {
				return nil, fmt.Errorf("route %s: function %s has no handler in app.HTTPFunctions", r.Key(), r.Function)
			}
			fenv, err := stack.FunctionEnv(r.Function)
			if err != nil {
				return nil, err
			}
			fenv["AWS_LAMBDA_FUNCTION_NAME"] = r.Function
			getenv := env.with(fenv).get
			ah, err := build(getenv, logging.New(logs, getenv("LOG_LEVEL")))
			if err != nil {
				return nil, fmt.Errorf("build %s: %w", r.Function, err)
			}
			h = devapi.Handler(ah)
			handlers[r.Function] = h
		}
		path := r.Path
		if path == "" { // an HttpApi event without Path is the $default route
			path = "$default"
		}
		routes = append(routes, devapi.Route{Method: r.Method, Path: path, Function: r.Function, Handler: h})
	}
	return routes, nil
}

// environ is an environment: variables set here over the process's.
type environ struct {
	over   map[string]string
	getenv func(string) string
}

// newEnv layers over getenv the region and dummy credentials the SDK needs when
// they are not set; moto accepts any credentials.
func newEnv(getenv func(string) string) environ {
	e := environ{over: map[string]string{}, getenv: getenv}
	if getenv("AWS_REGION") == "" {
		region := getenv("AWS_DEFAULT_REGION")
		if region == "" {
			region = "us-east-1"
		}
		e.over["AWS_REGION"] = region
	}
	if getenv("AWS_ACCESS_KEY_ID") == "" && getenv("AWS_SECRET_ACCESS_KEY") == "" {
		e.over["AWS_ACCESS_KEY_ID"] = "test"
		e.over["AWS_SECRET_ACCESS_KEY"] = "test"
	}
	return e
}

func (e environ) get(name string) string {
	if v, ok := e.over[name]; ok {
		return v
	}
	return e.getenv(name)
}

// with returns e with vars over it.
func (e environ) with(vars map[string]string) environ {
	over := make(map[string]string, len(e.over)+len(vars))
	for k, v := range e.over {
		over[k] = v
	}
	for k, v := range vars {
		over[k] = v
	}
	return environ{over: over, getenv: e.getenv}
}
