package dynamostore_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/storetest"
)

// Read as a table reader would, a redacted item holds no personal data: no
// name, number, address, text of the firm's or staff's, only the stub.
func TestRedactedItemHoldsNoPersonalData(t *testing.T) {
	ctx := context.Background()
	store := newStore()
	at := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	sub := storetest.NewSubmission(storetest.NewRef(), at)
	sub.Status, sub.Queued, sub.UpdatedAt = intake.StatusClosed, true, at.Add(time.Hour)
	sub.Answer = &intake.Answer{Public: "请联系张三", Internal: "13812345678"}
	sub.Schedule = &intake.Schedule{At: at, Place: "上海市普陀区某路 1 号"}
	sub.Claim = &intake.Claim{By: "staff-li", Since: at}
	sub.History = append(sub.History, intake.Event{At: at, Actor: "staff-li", Action: intake.ActionClose,
		From: intake.StatusAnswered, To: intake.StatusClosed, Note: "legal@example.com", Internal: "张三", Public: true})
	if err := store.Create(ctx, sub, nil); err != nil {
		t.Fatal(err)
	}
	if err := store.Redact(ctx, sub.Clone().Redact(at.Add(200*24*time.Hour))); err != nil {
		t.Fatal(err)
	}
	out, err := client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(table),
		Key:       dynamostore.SubmissionKey(sub.Reference),
	})
	if err != nil {
		t.Fatal(err)
	}
	var plain map[string]any
	if err := attributevalue.UnmarshalMap(out.Item, &plain); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(plain)
	if err != nil {
		t.Fatal(err)
	}
	raw := string(b)
	for _, personal := range []string{"张三", "13812345678", "legal@example.com", "上海", "91310107MA1G8K3Q33", "staff-li", "某路"} {
		if strings.Contains(raw, personal) {
			t.Errorf("the redacted item still holds %q", personal)
		}
	}
	for _, kept := range []string{dynamostore.AttrPK, dynamostore.AttrKind, dynamostore.AttrAgency, dynamostore.AttrStatus, dynamostore.AttrSubmittedAt,
		dynamostore.AttrUpdated, dynamostore.AttrRedactedAt, dynamostore.AttrConsent, dynamostore.AttrHistory} {
		if _, ok := out.Item[kept]; !ok {
			t.Errorf("the stub lacks %s", kept)
		}
	}
}
