package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/putuo-compliance/intake/infra/local/devstack"
	"github.com/putuo-compliance/intake/shared/awsenv"
	"github.com/putuo-compliance/intake/shared/dynamostore"
)

type loadResult struct {
	n, conc       int
	took          time.Duration
	latency       sample
	statuses      map[int]int
	transportErrs int
	accepted      int
	stored        int // accepted submissions found in the table, marked queued
	queuedOnce    int // accepted submissions with exactly one message, on a queue or taken by the inbox
	listed        int // of those, taken off the queue by the inbox and listed
	duplicates    int // accepted submissions with more than one message
	strays        int // messages for references nobody was given
	missing       []string
}

// loadRun starts the local stack (make run's: moto, the template's resources, the
// template's routes on the real handlers), sends n submissions from conc
// clients, then checks that every accepted one is stored and queued exactly once.
func loadRun(ctx context.Context, repo string, n, conc int) (*loadResult, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	ready := make(chan devstack.Info, 1)
	stopped := make(chan error, 1)
	stackCtx, stop := context.WithCancel(ctx)
	go func() {
		stopped <- devstack.Run(stackCtx, devstack.Options{
			Listener:  ln,
			Template:  filepath.Join(repo, "template.yaml"),
			StackName: "bench-load",
			Getenv:    ownMoto,
			Stdout:    io.Discard,
			Stderr:    io.Discard,
			OnReady:   func(i devstack.Info) { ready <- i },
		})
	}()
	defer func() { stop(); <-stopped }()
	var info devstack.Info
	select {
	case info = <-ready:
	case err := <-stopped:
		stopped <- err
		return nil, fmt.Errorf("local stack: %v", err)
	case <-ctx.Done():
		return nil, ctx.Err()
	}

	body, err := consultationBody(repo)
	if err != nil {
		return nil, err
	}
	res := &loadResult{n: n, conc: conc, statuses: map[int]int{}}
	refs := map[string]bool{}
	var mu sync.Mutex
	jobs := make(chan int)
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: conc}}
	var wg sync.WaitGroup
	start := time.Now()
	for range conc {
		wg.Go(func() {
			for range jobs {
				t := time.Now()
				status, ref, err := post(ctx, client, info.APIURL+"/v1/consultations", body)
				d := time.Since(t)
				mu.Lock()
				res.latency = append(res.latency, d)
				if err != nil {
					res.transportErrs++
				} else {
					res.statuses[status]++
				}
				if status == 201 {
					refs[ref] = true
				}
				mu.Unlock()
			}
		})
	}
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	res.took = time.Since(start)
	res.accepted = len(refs)

	if err := verify(ctx, info, refs, res); err != nil {
		return nil, err
	}
	return res, nil
}

// ownMoto is the process environment without an emulator endpoint, so the
// local stack starts a moto_server of its own for the run.
func ownMoto(k string) string {
	if strings.HasPrefix(k, "AWS_ENDPOINT_URL") {
		return ""
	}
	if k == "LOG_LEVEL" {
		return "warn"
	}
	return os.Getenv(k)
}

func consultationBody(repo string) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(repo, "events", "submit-consultation.json"))
	if err != nil {
		return nil, err
	}
	req, err := apiRequest(b)
	return []byte(req.Body), err
}

func post(ctx context.Context, c *http.Client, url string, body []byte) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	var r struct{ Reference string }
	if resp.StatusCode == 201 {
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
			return resp.StatusCode, "", err
		}
	} else {
		_, _ = io.Copy(io.Discard, resp.Body)
	}
	return resp.StatusCode, r.Reference, nil
}

// verify drains every queue, then scans the table for the accepted
// references. make run's stack runs the agency inbox too, which takes messages
// off the queues and lists their submissions: a message counts as delivered
// when it is still on its queue or its submission is listed. The queues are
// drained first (the drained messages stay invisible to the inbox for the rest
// of the run), and the table read a moment later, once a batch the inbox took
// before the drain is written.
func verify(ctx context.Context, info devstack.Info, refs map[string]bool, res *loadResult) error {
	env := map[string]string{"AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_ENDPOINT_URL": info.MotoURL}
	cfg, err := awsenv.Config(func(k string) string { return env[k] })
	if err != nil {
		return err
	}
	db, q := dynamodb.NewFromConfig(cfg), sqs.NewFromConfig(cfg)
	if len(info.Tables) != 1 {
		return fmt.Errorf("want one table, have %v", info.Tables)
	}
	messages := map[string]int{}
	for _, url := range info.Queues {
		if err := drain(ctx, q, url, messages); err != nil {
			return err
		}
	}
	time.Sleep(2 * time.Second)
	queued := map[string]bool{}
	p := dynamodb.NewScanPaginator(db, &dynamodb.ScanInput{TableName: aws.String(info.Tables[0])})
	for pages := 0; p.HasMorePages() && pages < 10_000; pages++ {
		out, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("scan: %w", err)
		}
		for _, it := range out.Items {
			if ref, ok := dynamostore.ReferenceOf(it); ok {
				_, pending := it[dynamostore.AttrDispatch]
				queued[ref] = !pending
				if _, listed := it[dynamostore.AttrListed]; listed {
					messages[ref]++ // the inbox took its message
					res.listed++
				}
			}
		}
	}
	for ref := range refs {
		if queued[ref] {
			res.stored++
		} else {
			res.missing = append(res.missing, ref)
		}
		switch messages[ref] {
		case 1:
			res.queuedOnce++
		case 0:
		default:
			res.duplicates++
		}
	}
	for ref := range messages {
		if !refs[ref] {
			res.strays++
		}
	}
	return nil
}

// drain receives every message on a queue, counting them by
// reference. Bounded: a queue that keeps filling up is an error.
func drain(ctx context.Context, q *sqs.Client, url string, counts map[string]int) error {
	for range 10_000 {
		out, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 10, VisibilityTimeout: 300})
		if err != nil {
			return fmt.Errorf("receive from %s: %w", url, err)
		}
		if len(out.Messages) == 0 {
			return nil
		}
		// Received messages stay invisible for the rest of the run, so each is
		// counted once without deleting it.
		for _, m := range out.Messages {
			var body struct{ Reference string }
			if m.Body != nil && json.Unmarshal([]byte(*m.Body), &body) == nil {
				counts[body.Reference]++
			}
		}
	}
	return errors.New("queue " + url + " did not drain")
}
