package sqsqueue_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/queueurls"
	"github.com/putuo-compliance/intake/shared/sqsqueue"
)

func newMessage(ref string, to agency.Code) intake.Message {
	return intake.Message{
		Schema:        intake.MessageSchema,
		Reference:     ref,
		Kind:          forms.KindConsultation,
		Agency:        to,
		Urgency:       "urgent",
		SubmittedAt:   time.Date(2026, 11, 5, 9, 30, 0, 123_000_000, time.UTC),
		CorrelationID: "corr-" + ref,
	}
}

// Each agency's message lands on that agency's queue and no other, with the
// claim-check as the body and the same facts as attributes.
func TestSendRoutes(t *testing.T) {
	ctx := context.Background()
	q := sqsqueue.New(client, urls)
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	sent := map[agency.Code]intake.Message{}
	for _, a := range agency.All {
		m := newMessage("C-"+run+"-"+string(a.Code), a.Code)
		if err := q.Send(ctx, a.Code, m); err != nil {
			t.Fatalf("Send(%s) = %v", a.Code, err)
		}
		sent[a.Code] = m
	}
	for _, a := range agency.All {
		t.Run(string(a.Code), func(t *testing.T) {
			out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
				QueueUrl:              aws.String(urls[a.Code]),
				MaxNumberOfMessages:   10,
				WaitTimeSeconds:       1,
				MessageAttributeNames: []string{"All"},
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(out.Messages) != 1 {
				t.Fatalf("queue holds %d messages, want 1", len(out.Messages))
			}
			msg := out.Messages[0]
			want := sent[a.Code]
			var got intake.Message
			if err := json.Unmarshal([]byte(aws.ToString(msg.Body)), &got); err != nil {
				t.Fatal(err)
			}
			if !got.SubmittedAt.Equal(want.SubmittedAt) {
				t.Errorf("submittedAt = %v, want %v", got.SubmittedAt, want.SubmittedAt)
			}
			got.SubmittedAt = want.SubmittedAt
			if got != want {
				t.Errorf("body = %+v, want %+v", got, want)
			}
			var fields map[string]any
			if err := json.Unmarshal([]byte(aws.ToString(msg.Body)), &fields); err != nil {
				t.Fatal(err)
			}
			wantFields := []string{"schema", "reference", "kind", "agency", "urgency", "submittedAt", "correlationId"}
			if len(fields) != len(wantFields) {
				t.Errorf("body fields = %v, want %v", fields, wantFields)
			}
			attrs := map[string]string{}
			for k, v := range msg.MessageAttributes {
				if aws.ToString(v.DataType) != "String" {
					t.Errorf("attribute %s is %s, want String", k, aws.ToString(v.DataType))
				}
				attrs[k] = aws.ToString(v.StringValue)
			}
			wantAttrs := map[string]string{
				"schema": want.Schema, "reference": want.Reference, "kind": string(want.Kind),
				"agency": string(want.Agency), "urgency": want.Urgency, "correlationId": want.CorrelationID,
			}
			if !maps.Equal(attrs, wantAttrs) {
				t.Errorf("attributes = %v, want %v", attrs, wantAttrs)
			}
			if _, err := client.DeleteMessage(ctx, &sqs.DeleteMessageInput{
				QueueUrl: aws.String(urls[a.Code]), ReceiptHandle: msg.ReceiptHandle,
			}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestSendErrors(t *testing.T) {
	down := sqs.NewFromConfig(env.ConfigAt(localtest.ClosedURL(t)), func(o *sqs.Options) {
		o.Retryer = aws.NopRetryer{} // fail fast; production keeps the SDK's retries
	})
	tests := []struct {
		name            string
		client          *sqs.Client
		to              agency.Code
		wantUnavailable bool
	}{
		// A configuration error: retrying later would not help, so no 503.
		{"unknown agency", client, "ministry-of-magic", false},
		{"service down", down, agency.Cyberspace, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err := sqsqueue.New(tt.client, urls).Send(ctx, tt.to, newMessage("C-ERR1-0000", tt.to))
			if err == nil {
				t.Fatal("Send succeeded, want an error")
			}
			if got := errors.Is(err, apperr.ErrUnavailable); got != tt.wantUnavailable {
				t.Errorf("errors.Is(%v, ErrUnavailable) = %v, want %v", err, got, tt.wantUnavailable)
			}
		})
	}
}

func BenchmarkSend(b *testing.B) {
	ctx := context.Background()
	q := sqsqueue.New(client, urls)
	m := newMessage("C-BNCH-0000", agency.Procuratorate)
	b.ReportAllocs()
	for b.Loop() {
		if err := q.Send(ctx, agency.Procuratorate, m); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if _, err := client.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: aws.String(urls[agency.Procuratorate])}); err != nil {
		b.Fatal(err)
	}
}

// The URLs TestMain read come from template.yaml through the same variables.
func TestURLsFromTemplate(t *testing.T) {
	for _, a := range agency.All {
		if urls[a.Code] == "" || urls[a.Code] != submitEnv[queueurls.EnvName(a.Code)] {
			t.Errorf("URL of %s = %q", a.Code, urls[a.Code])
		}
		if !strings.HasSuffix(urls[a.Code], "-"+string(a.Code)) {
			t.Errorf("URL of %s = %q: not that agency's queue", a.Code, urls[a.Code])
		}
	}
}
