package dynamostore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/storetest"
)

// After a submission is erased on request, a table reader who scans the whole
// table, and each of its indexes, finds nothing personal of it: no name,
// phone, e-mail, company, credit code, title, description, answer, note or
// place, no idempotency record, no claim in any index; only the stub and the
// audit trail, which names staff by subject and holds the erasure's reason.
func TestErasedLeavesNothingPersonal(t *testing.T) {
	ctx := context.Background()
	store := newStore()
	ref := storetest.NewRef()
	u := strings.ReplaceAll(ref, "-", "") // makes each personal value this test's own
	personal := map[string]string{
		"company name": "上海" + u + "网络科技有限公司", "credit code": "9131" + u + "X",
		"contact name": "王" + u, "title": "法务" + u, "mobile": "139" + u, "email": u + "@example.com",
		"incident title": "账号" + u + "被盗", "description": "描述" + u, "questions": "问题" + u,
		"answer": "答复" + u, "internal answer": "内部" + u, "note": "备注" + u, "place": "会议室" + u,
	}
	form, err := json.Marshal(map[string]any{
		"company":  map[string]any{"name": personal["company name"], "creditCode": personal["credit code"]},
		"contact":  map[string]any{"name": personal["contact name"], "title": personal["title"], "mobile": personal["mobile"], "email": personal["email"]},
		"incident": map[string]any{"title": personal["incident title"], "description": personal["description"], "questions": personal["questions"]},
	})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now().UTC().Add(-time.Hour)
	sub := storetest.NewSubmission(ref, t0)
	sub.Agency, sub.Form = agency.Procuratorate, form
	sub.Status, sub.Queued, sub.Listed = intake.StatusQueued, true, true
	sub.IdempotencyRecord = "record-" + u
	if err := store.Create(ctx, sub, storetest.NewIdempotency(sub.IdempotencyRecord, ref, time.Now().Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	holder := intake.Staff("staff-"+u, agency.Procuratorate, false)
	super := intake.Staff("super-"+u, agency.Procuratorate, true)
	for i, c := range []intake.Command{
		{Action: intake.ActionClaim, By: holder},
		{Action: intake.ActionAnswer, By: holder, Answer: &intake.Answer{Public: personal["answer"], Internal: personal["internal answer"]}},
		{Action: intake.ActionNote, By: holder, Note: personal["note"]},
	} {
		c.At = t0.Add(time.Duration(i+1) * time.Minute)
		ch, err := sub.Apply(c)
		if err != nil {
			t.Fatal(err)
		}
		ch.Audit = &intake.AuditEntry{Reference: ref, Agency: sub.Agency, Actor: c.By.ID, Action: string(c.Action), At: c.At}
		if err := store.Update(ctx, ch); err != nil {
			t.Fatal(err)
		}
	}
	sub.Schedule = &intake.Schedule{At: t0, Place: personal["place"]} // a consultation has none; its place must go all the same
	if err := store.Update(ctx, intake.Change{Reference: ref, Expect: intake.Expect{Status: sub.Status, Version: sub.Version, Queued: true, Listed: true},
		Status: sub.Status, Agency: sub.Agency, Queued: true, Listed: true, Claim: sub.Claim, Answer: sub.Answer,
		Schedule: sub.Schedule, Answered: sub.AnsweredAt, Version: sub.Version + 1, UpdatedAt: sub.UpdatedAt}); err != nil {
		t.Fatal(err)
	}
	sub.Version++

	before := mentions(t, ref)
	if len(before["IDEM"]) != 1 || !strings.Contains(before["SUB"][0], personal["email"]) {
		t.Fatalf("before the erasure the table should hold the record and the form: %v", before)
	}

	reason := "来函" + u
	at := time.Now().UTC()
	r, err := sub.Erase(intake.Command{Action: intake.ActionErase, By: super, At: at, Note: reason})
	if err != nil {
		t.Fatal(err)
	}
	r.Audit = &intake.AuditEntry{Reference: ref, Agency: sub.Agency, Actor: super.ID, Action: string(intake.ActionErase), At: at, Reason: reason}
	if err := store.Redact(ctx, r); err != nil {
		t.Fatal(err)
	}

	after := mentions(t, ref)
	if len(after["IDEM"]) != 0 {
		t.Errorf("the idempotency record is still there: %v", after["IDEM"])
	}
	for kind, items := range after {
		for _, item := range items {
			for what, value := range personal {
				if strings.Contains(item, value) {
					t.Errorf("a %s item still holds the %s: %s", kind, what, item)
				}
			}
			if strings.Contains(item, holder.ID) && kind != "AUDIT" || strings.Contains(item, reason) && kind != "AUDIT" {
				t.Errorf("a %s item names a staff member or the reason: %s", kind, item)
			}
		}
	}
	if len(after["SUB"]) != 1 || len(after["AUDIT"]) != 4 {
		t.Fatalf("after the erasure: %v, want the stub and four audit entries", after)
	}
	var reasons int
	for _, item := range after["AUDIT"] {
		if strings.Contains(item, reason) {
			reasons++
		}
	}
	if reasons != 1 {
		t.Errorf("the reason is in %d audit entries, want the erasure's", reasons)
	}
	// The indexes project from the item: the stub is on no worklist and
	// pending list, and carries no claim where it is listed, as erased (its
	// status, or by-status's key "<agency>#erased").
	for _, index := range []string{"worklist", "pending", "activity", "by-status"} {
		for _, item := range scanned(t, index, ref) {
			if index == "worklist" || index == "pending" || strings.Contains(item, `"`+dynamostore.AttrClaim+`":`) || !strings.Contains(item, `erased"`) {
				t.Errorf("index %s holds %s", index, item)
			}
		}
	}
}

// mentions scans the whole table, as a table reader would, and returns as
// JSON each item that mentions reference, by the kind its key starts with.
func mentions(t *testing.T, reference string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, item := range scanned(t, "", reference) {
		var v struct{ PK string }
		json.Unmarshal([]byte(item), &v)
		kind, _, _ := strings.Cut(v.PK, "#")
		out[kind] = append(out[kind], item)
	}
	return out
}

// scanned scans the table, or one of its indexes, and returns as JSON each
// item that mentions reference.
func scanned(t *testing.T, index, reference string) []string {
	t.Helper()
	in := &dynamodb.ScanInput{TableName: aws.String(table)}
	if index != "" {
		in.IndexName = aws.String(index)
	}
	var found []string
	for {
		out, err := client.Scan(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		for _, item := range out.Items {
			var plain map[string]any
			if err := attributevalue.UnmarshalMap(item, &plain); err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(plain)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(b), reference) {
				found = append(found, fmt.Sprintf(`{"PK":%q,"item":%s}`, stringAttr(item[dynamostore.AttrPK]), b))
			}
		}
		if len(out.LastEvaluatedKey) == 0 {
			return found
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

func stringAttr(v types.AttributeValue) string {
	s, _ := v.(*types.AttributeValueMemberS)
	if s == nil {
		return ""
	}
	return s.Value
}
