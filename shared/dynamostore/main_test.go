package dynamostore_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/shared/dynamostore"
)

// The table of this run, made from template.yaml in a moto_server of its own.
var (
	env    *localtest.Env
	cfg    aws.Config
	client *dynamodb.Client
	table  string
)

func TestMain(m *testing.M) { os.Exit(run(m)) }

// run is TestMain's body, so the deferred Stop runs before os.Exit.
func run(m *testing.M) int {
	var err error
	if env, err = localtest.Start(context.Background(), "../../template.yaml", "dynamostore-test"); err != nil {
		fmt.Fprintln(os.Stderr, "dynamostore tests need moto_server:", err)
		return 1
	}
	defer env.Stop()
	cfg = env.Config
	table = env.Stack.Ref("SubmissionsTable")
	client = dynamodb.NewFromConfig(cfg)
	return m.Run()
}

// deployTable deploys template.yaml as a new stack and returns its table's name.
func deployTable(ctx context.Context) (string, error) {
	stack, err := env.Deploy(ctx, "dynamostore-test")
	if err != nil {
		return "", err
	}
	return stack.Ref("SubmissionsTable"), nil
}

func newStore() *dynamostore.Store { return dynamostore.New(client, table) }
