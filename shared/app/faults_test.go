package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"go.uber.org/goleak"

	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/shared/app/statusfn"
	"github.com/putuo-compliance/intake/shared/app/submitfn"
	"github.com/putuo-compliance/intake/shared/awsenv"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpapi"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/keyring"
)

// A fault is what DynamoDB does to a request instead of answering it.
type fault int

const (
	throttled          fault = iota // 400 ThrottlingException
	overCapacity                    // 400 ProvisionedThroughputExceededException
	internalError                   // 500 InternalServerError
	unavailable                     // 503 ServiceUnavailable
	hang                            // no answer at all, until the caller gives up
	cancelledThrottled              // TransactionCanceledException: ThrottlingError
	cancelledConflict               // TransactionCanceledException: TransactionConflict, every time
	lostResponse                    // written, but the answer lost (a 500); a retry with its token succeeds
)

// faultyDynamoDB is the SDK's HTTP transport with a DynamoDB fault injected
// into one operation ("" for all): requests of that operation get the fault,
// everything else (other operations, SQS) goes to moto. It counts the attempts
// of each DynamoDB operation.
type faultyDynamoDB struct {
	next   *http.Transport
	op     string
	fault  fault
	mu     sync.Mutex
	calls  map[string]int
	tokens map[string]bool // ClientRequestTokens of transactions moto committed
	lost   bool            // an answer was lost (lostResponse loses only the first)
}

func newFaultyDynamoDB(op string, f fault) *faultyDynamoDB {
	return &faultyDynamoDB{next: &http.Transport{}, op: op, fault: f, calls: map[string]int{}, tokens: map[string]bool{}}
}

func (f *faultyDynamoDB) attempts() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for k, v := range f.calls {
		out[k] = v
	}
	return out
}

func (f *faultyDynamoDB) RoundTrip(req *http.Request) (*http.Response, error) {
	op, isDynamoDB := strings.CutPrefix(req.Header.Get("X-Amz-Target"), "DynamoDB_20120810.")
	if !isDynamoDB {
		return f.next.RoundTrip(req)
	}
	f.mu.Lock()
	f.calls[op]++
	f.mu.Unlock()
	if f.op != "" && op != f.op {
		return f.next.RoundTrip(req)
	}
	switch f.fault {
	case throttled:
		return dynamoError(req, 400, "ThrottlingException", "Rate of requests exceeds the allowed throughput.", "")
	case overCapacity:
		return dynamoError(req, 400, "ProvisionedThroughputExceededException", "The level of configured provisioned throughput for the table was exceeded.", "")
	case internalError:
		return dynamoError(req, 500, "InternalServerError", "Internal server error", "")
	case unavailable:
		return dynamoError(req, 503, "ServiceUnavailable", "Service unavailable", "")
	case hang:
		<-req.Context().Done()
		return nil, req.Context().Err()
	case cancelledThrottled:
		return dynamoError(req, 400, "TransactionCanceledException", "Transaction cancelled, please refer cancellation reasons for specific reasons [ThrottlingError, None]",
			`,"CancellationReasons":[{"Code":"ThrottlingError","Message":"Throughput exceeds the current capacity for one or more global secondary indexes."},{"Code":"None"}]`)
	case cancelledConflict:
		return dynamoError(req, 400, "TransactionCanceledException", "Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict, None]",
			`,"CancellationReasons":[{"Code":"TransactionConflict","Message":"Transaction is ongoing for the item"},{"Code":"None"}]`)
	case lostResponse:
		return f.loseResponse(req)
	}
	return nil, fmt.Errorf("fault %d unknown", f.fault)
}

// loseResponse writes and loses DynamoDB's answer. A retried transaction with
// the same ClientRequestToken is answered as DynamoDB answers one within ten
// minutes: success, without writing again (moto does not keep tokens). A
// request without a token (PutItem) is retried for real.
func (f *faultyDynamoDB) loseResponse(req *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	var in struct{ ClientRequestToken string }
	json.Unmarshal(body, &in)
	f.mu.Lock()
	seen := in.ClientRequestToken != "" && f.tokens[in.ClientRequestToken]
	f.tokens[in.ClientRequestToken] = true
	first := !f.lost
	f.lost = true
	f.mu.Unlock()
	switch {
	case seen:
		return response(req, 200, "{}"), nil
	case !first: // only the first answer is lost
		return f.next.RoundTrip(req)
	}
	resp, err := f.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("moto refused the transaction: %d", resp.StatusCode)
	}
	return dynamoError(req, 500, "InternalServerError", "Internal server error", "")
}

// dynamoError is an error answer as DynamoDB writes it (JSON 1.0 protocol).
func dynamoError(req *http.Request, status int, code, message, more string) (*http.Response, error) {
	return response(req, status, fmt.Sprintf(`{"__type":"com.amazonaws.dynamodb.v20120810#%s","message":%q%s}`, code, message, more)), nil
}

func response(req *http.Request, status int, body string) *http.Response {
	return &http.Response{
		Status: fmt.Sprintf("%d %s", status, http.StatusText(status)), StatusCode: status,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/x-amz-json-1.0"}, "X-Amzn-Requestid": {"fault-injected"}},
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}

// A fault of DynamoDB, whatever it is, gives the firm a 503 with Retry-After
// (or, when the write did land, its receipt); nothing is half-written; the
// SDK retries a bounded number of times; no goroutine is left behind. The
// faults are injected in the SDK's HTTP transport, in front of moto, so the
// functions run with their production retry and time settings.
func TestDynamoDBFaults(t *testing.T) {
	tests := []struct {
		name       string
		status     bool // a status lookup, not a submission
		noKey      bool // a submission without an Idempotency-Key: a plain PutItem, no transaction
		op         string
		fault      fault
		wantStatus int
		// Attempts per DynamoDB operation: the SDK's DynamoDB client makes 4 of a
		// call that fails for a passing reason; Create tries a conflicting
		// transaction 4 times (dynamostore's conflictAttempts). The UpdateItem
		// before the write counts the client's submission (its limit); the one
		// after marks it queued.
		wantCalls map[string]int
	}{
		{name: "throttled", op: "", fault: throttled, wantStatus: 503,
			wantCalls: map[string]int{"GetItem": 4}},
		{name: "write over capacity", op: "TransactWriteItems", fault: overCapacity, wantStatus: 503,
			wantCalls: map[string]int{"GetItem": 1, "UpdateItem": 1, "TransactWriteItems": 4}},
		{name: "write, 500", op: "TransactWriteItems", fault: internalError, wantStatus: 503,
			wantCalls: map[string]int{"GetItem": 1, "UpdateItem": 1, "TransactWriteItems": 4}},
		{name: "503 everywhere", op: "", fault: unavailable, wantStatus: 503,
			wantCalls: map[string]int{"GetItem": 4}},
		{name: "write hangs", op: "TransactWriteItems", fault: hang, wantStatus: 503,
			wantCalls: map[string]int{"GetItem": 1, "UpdateItem": 1, "TransactWriteItems": 1}},
		{name: "transaction cancelled, throttled", op: "TransactWriteItems", fault: cancelledThrottled, wantStatus: 503,
			wantCalls: map[string]int{"GetItem": 1, "UpdateItem": 1, "TransactWriteItems": 1}},
		{name: "transaction cancelled, conflicts go on", op: "TransactWriteItems", fault: cancelledConflict, wantStatus: 503,
			wantCalls: map[string]int{"GetItem": 1, "UpdateItem": 1, "TransactWriteItems": 4}},
		{name: "written, answer lost", op: "TransactWriteItems", fault: lostResponse, wantStatus: 201,
			wantCalls: map[string]int{"GetItem": 1, "UpdateItem": 2, "TransactWriteItems": 2}},
		{name: "written without a key, answer lost", noKey: true, op: "PutItem", fault: lostResponse, wantStatus: 201,
			wantCalls: map[string]int{"PutItem": 2, "UpdateItem": 2}},
		{name: "write without a key, 500", noKey: true, op: "PutItem", fault: internalError, wantStatus: 503,
			wantCalls: map[string]int{"PutItem": 4, "UpdateItem": 1}},
		{name: "status lookup throttled", status: true, op: "", fault: throttled, wantStatus: 503,
			wantCalls: map[string]int{"GetItem": 4}},
		{name: "status lookup hangs", status: true, op: "", fault: hang, wantStatus: 503,
			wantCalls: map[string]int{"GetItem": 1}},
	}
	before := goleak.IgnoreCurrent()
	var mu sync.Mutex
	var transports []*faultyDynamoDB
	t.Run("faults", func(t *testing.T) {
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel() // most of the time is the SDK's back-off
				fd := newFaultyDynamoDB(tt.op, tt.fault)
				mu.Lock()
				transports = append(transports, fd)
				mu.Unlock()
				correlation := fmt.Sprintf("fault-%d-%d", i, time.Now().UnixNano())
				key := "key-" + correlation
				h, getenv := faultyHandler(t, tt.status, fd)
				req := event(t, "submit-consultation.json")
				if tt.status {
					req = event(t, "status-unknown.json")
				}
				req.Headers["x-correlation-id"] = correlation
				if !tt.noKey {
					req.Headers["idempotency-key"] = key
				}
				// The function's deadline, as Lambda sets it: a hung call must end
				// in an answer before it. Shorter where the fault waits for it, but
				// with room for the calls before the hung one, which a busy moto
				// (every case at once, one request at a time) can make slow: they
				// must not be the ones the deadline cuts off.
				deadline := 20 * time.Second
				if tt.fault == hang {
					deadline = 10 * time.Second
				}
				ctx, cancel := context.WithTimeout(context.Background(), deadline)
				defer cancel()
				resp, err := h(ctx, req)
				if err != nil {
					t.Fatalf("handler error: %v", err)
				}
				if resp.StatusCode != tt.wantStatus {
					t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.wantStatus, resp.Body)
				}
				if tt.wantStatus == 503 && resp.Headers["Retry-After"] == "" {
					t.Error("503 without Retry-After")
				}
				if got := fd.attempts(); fmt.Sprint(got) != fmt.Sprint(tt.wantCalls) {
					t.Errorf("DynamoDB attempts %v, want %v", got, tt.wantCalls)
				}
				if tt.status {
					return
				}
				// Nothing half-written: both the submission and its key, or neither.
				cfg, err := awsenv.Config(getenv)
				if err != nil {
					t.Fatal(err)
				}
				cfg.HTTPClient = &http.Client{Transport: fd.next} // closed with the rest, for the leak check
				d, q := dynamodb.NewFromConfig(cfg), sqs.NewFromConfig(cfg)
				subs, idem := storedFor(t, d, getenv("TABLE_NAME"), correlation, key)
				want, wantIdem := 0, 0
				if tt.wantStatus == 201 {
					want = 1
				}
				if !tt.noKey {
					wantIdem = want
				}
				if subs != want || idem != wantIdem {
					t.Errorf("stored %d submissions and %d idempotency records, want %d and %d", subs, idem, want, wantIdem)
				}
				if tt.wantStatus == 201 {
					ref := decode[receipt](t, resp).Reference
					if msgs := receiveFor(t, q, queueURL(getenv, "public-security"), ref); len(msgs) != 1 {
						t.Errorf("%d messages queued, want 1", len(msgs))
					}
				}
			})
		}
	})
	for _, fd := range transports {
		fd.next.CloseIdleConnections()
	}
	goleak.VerifyNone(t, before)
}

// faultyHandler builds SubmitFunction (or StatusFunction) as its main does,
// from the template's environment, with fd as its SDK clients' transport.
func faultyHandler(t *testing.T, status bool, fd *faultyDynamoDB) (httpapi.Handler, func(string) string) {
	t.Helper()
	fn := "SubmitFunction"
	if status {
		fn = "StatusFunction"
	}
	fnEnv, err := stack.FunctionEnv(fn)
	if err != nil {
		t.Fatal(err)
	}
	getenv := envFor(fnEnv)
	client := &http.Client{Transport: fd}
	if status {
		c, err := statusfn.LoadConfig(getenv)
		if err != nil {
			t.Fatal(err)
		}
		c.AWS.HTTPClient = client
		return statusfn.New(c, quiet), getenv
	}
	c, err := submitfn.LoadConfig(getenv)
	if err != nil {
		t.Fatal(err)
	}
	c.AWS.HTTPClient = client
	return submitfn.New(c, quiet), getenv
}

// storedFor counts the submissions of a correlation id and the idempotency
// records of a key, reading the table directly.
func storedFor(t *testing.T, d *dynamodb.Client, table, correlation, key string) (subs, idem int) {
	t.Helper()
	ctx := context.Background()
	scan := dynamodb.NewScanPaginator(d, &dynamodb.ScanInput{
		TableName:                 aws.String(table),
		FilterExpression:          aws.String("#c = :c"),
		ExpressionAttributeNames:  map[string]string{"#c": dynamostore.AttrCorrelation},
		ExpressionAttributeValues: map[string]ddbtypes.AttributeValue{":c": &ddbtypes.AttributeValueMemberS{Value: correlation}},
		ConsistentRead:            aws.Bool(true),
	})
	for scan.HasMorePages() {
		page, err := scan.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		subs += len(page.Items)
	}
	// The sample event's form and firm; the local stack's secret.
	recordKey, err := intake.RecordKey(ctx, keyring.Static(provision.LocalSecret), forms.KindConsultation, "91310107MA1G8K3Q33", key)
	if err != nil {
		t.Fatal(err)
	}
	out, err := d.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(table),
		Key:            dynamostore.IdempotencyKey(recordKey),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	if out.Item != nil {
		idem = 1
	}
	return subs, idem
}
