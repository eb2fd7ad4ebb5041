package console_test

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/shared/dynamostore"
)

// moto is started for the first test that counts sign-ins on DynamoDB, and
// stopped when the tests end.
var (
	motoOnce sync.Once
	motoEnv  *localtest.Env
	motoErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if motoEnv != nil {
		motoEnv.Stop()
	}
	os.Exit(code)
}

// dynamoCounter is the table's counters on moto.
func dynamoCounter(t *testing.T) *dynamostore.Store {
	t.Helper()
	motoOnce.Do(func() {
		motoEnv, motoErr = localtest.Start(context.Background(), "../../template.yaml", "console-test")
	})
	if motoErr != nil {
		t.Fatalf("the sign-in budgets' tests need moto_server (make setup installs it): %v", motoErr)
	}
	return dynamostore.New(dynamodb.NewFromConfig(motoEnv.Config), motoEnv.Stack.Ref("SubmissionsTable"))
}
