package dynamostore_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/putuo-compliance/intake/infra/local/moto"
	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
	"github.com/putuo-compliance/intake/shared/dynamostore"
)

// The table of this run, made from template.yaml in a moto_server of its own.
var (
	cfg    aws.Config
	tmpl   *samtemplate.Template
	client *dynamodb.Client
	table  string
)

func TestMain(m *testing.M) { os.Exit(run(m)) }

// run is TestMain's body, so the deferred Stop runs before os.Exit.
func run(m *testing.M) int {
	ctx := context.Background()
	srv, err := moto.Start(ctx, 0)
	if err != nil {
		// No skipping: these tests are the adapter's only proof against DynamoDB.
		fmt.Fprintln(os.Stderr, "dynamostore tests need moto_server:", err)
		return 1
	}
	defer srv.Stop()
	cfg = awsConfig(srv.URL)
	if tmpl, err = samtemplate.Load("../../template.yaml"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if table, err = deployTable(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	client = dynamodb.NewFromConfig(cfg)
	return m.Run()
}

// deployTable deploys template.yaml as a new stack and returns its table's name.
func deployTable(ctx context.Context) (string, error) {
	name := "dynamostore-test-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	stack, err := provision.Deploy(ctx, cfg, tmpl, name)
	if err != nil {
		return "", fmt.Errorf("deploy template to moto: %w", err)
	}
	return stack.Ref("SubmissionsTable"), nil
}

func awsConfig(url string) aws.Config {
	return aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(url),
	}
}

func newStore() *dynamostore.Store { return dynamostore.New(client, table) }

// closedURL is an endpoint where nothing listens.
func closedURL(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}
