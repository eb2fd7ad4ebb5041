// Command dlq looks after the agency queues' dead-letter queues: it lists the
// messages that ended there with the reason, shows one, and moves them back to
// their agency's queue.
//
//	go run ./infra/cmd/dlq list [AGENCY...]
//	go run ./infra/cmd/dlq show AGENCY MESSAGE-ID
//	go run ./infra/cmd/dlq redrive [AGENCY...]
//
// Without AGENCY it works on every agency. It finds the queues by the names
// template.yaml gives them (<stack>-<agency>, <stack>-<agency>-dlq), so it works
// against make run's stack and a deployed one alike:
//
//   - by default the local stack, as make run serves it: AWS_ENDPOINT_URL (or
//     AWS_ENDPOINT_URL_SQS) when set, else moto on 127.0.0.1:MOTO_PORT (5000),
//     stack STACK_NAME (compliance-intake-local);
//   - with -aws, the AWS account and region of the environment's AWS_REGION and
//     credential variables (e.g. after `aws configure export-credentials
//     --format env`), for the stack named by -stack-name.
//
// redrive uses SQS's own message move task (StartMessageMoveTask) where the
// endpoint has it, as AWS does, and otherwise (moto 5 has none) receives each
// message, sends it to the agency's queue with its attributes and deletes it.
// A message whose delete fails after its send may arrive twice: the design
// allows that, since a duplicate is dropped at claim time.
//
// Listing and showing receive the messages (SQS has no peek): each is hidden
// while it is read and made visible again at once afterwards.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/putuo-compliance/intake/infra/local/localaws"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/awsenv"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "dlq:", err)
		os.Exit(1)
	}
}

const usage = `usage: dlq [flags] list [AGENCY...]
       dlq [flags] show AGENCY MESSAGE-ID
       dlq [flags] redrive [AGENCY...]`

func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("dlq", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprintln(fs.Output(), usage); fs.PrintDefaults() }
	stack := fs.String("stack-name", localaws.Or(getenv("STACK_NAME"), localaws.DefaultStackName), "the stack whose queues to work on")
	deployed := fs.Bool("aws", false, "work on AWS itself (credentials and region from the environment), not the local stack")
	method := fs.String("method", "auto", "how redrive moves messages: auto, move-task (StartMessageMoveTask) or copy (receive, send, delete)")
	limit := fs.Int("limit", 1000, "list at most this many messages per queue")
	wait := fs.Duration("wait", time.Second, "how long each receive waits for messages (SQS long polling; 0 polls a sample of SQS's servers and may miss some)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New(usage)
	}
	cfg, err := config(getenv, *deployed)
	if err != nil {
		return err
	}
	t := &tool{api: sqs.NewFromConfig(cfg), stack: *stack, out: stdout, wait: *wait}
	cmd, rest := fs.Arg(0), fs.Args()[1:]
	switch cmd {
	case "list":
		codes, err := agencies(rest)
		if err != nil {
			return err
		}
		return t.list(ctx, codes, *limit)
	case "show":
		if len(rest) != 2 {
			return errors.New("usage: dlq show AGENCY MESSAGE-ID")
		}
		codes, err := agencies(rest[:1])
		if err != nil {
			return err
		}
		return t.show(ctx, codes[0], rest[1], *limit)
	case "redrive":
		codes, err := agencies(rest)
		if err != nil {
			return err
		}
		m, ok := methods[*method]
		if !ok {
			return fmt.Errorf("-method %q: want auto, move-task or copy", *method)
		}
		return t.redrive(ctx, codes, m)
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

// agencies reads agency codes; none means all of them.
func agencies(args []string) ([]agency.Code, error) {
	if len(args) == 0 {
		codes := make([]agency.Code, len(agency.All))
		for i, a := range agency.All {
			codes[i] = a.Code
		}
		return codes, nil
	}
	codes := make([]agency.Code, len(args))
	for i, s := range args {
		if _, ok := agency.Lookup(agency.Code(s)); !ok {
			return nil, fmt.Errorf("no agency %q", s)
		}
		codes[i] = agency.Code(s)
	}
	return codes, nil
}

// config is AWS from the environment with -aws; else make run's view of it
// (package localaws).
func config(getenv func(string) string, deployed bool) (aws.Config, error) {
	if deployed {
		return awsenv.Config(getenv)
	}
	return localaws.Config(getenv)
}
