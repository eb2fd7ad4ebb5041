package sqsqueue_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/envconfig"
	"github.com/putuo-compliance/intake/shared/queueurls"
)

// The queues of this run, made from template.yaml in a moto_server of its own.
var (
	env       *localtest.Env
	cfg       aws.Config
	client    *sqs.Client
	submitEnv map[string]string // SubmitFunction's environment, as Lambda would set it
	urls      map[agency.Code]string
)

func TestMain(m *testing.M) { os.Exit(run(m)) }

// run is TestMain's body, so the deferred Stop runs before os.Exit.
func run(m *testing.M) int {
	var err error
	env, err = localtest.Start(context.Background(), "../../template.yaml", "sqsqueue-test")
	if err != nil {
		// No skipping: these tests are the adapter's only proof against SQS.
		fmt.Fprintln(os.Stderr, "sqsqueue tests need moto_server:", err)
		return 1
	}
	defer env.Stop()
	cfg = env.Config
	if submitEnv, err = env.Stack.FunctionEnv("SubmitFunction"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	vars := envconfig.New(func(k string) string { return submitEnv[k] })
	if urls, err = queueurls.Read(vars), vars.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	client = sqs.NewFromConfig(cfg)
	return m.Run()
}
