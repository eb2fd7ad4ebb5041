package app_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/putuo-compliance/intake/api/apitest"
)

// A supervisor erases a submission under review, through the staff API as
// StaffFunction serves it, on moto: only a supervisor of its agency, with a
// reason, at the version read. Afterwards the whole table, read as a table
// reader would, holds nothing of the firm's (nor the idempotency record, nor
// any staff text but the audit trail's); the firm's lookup shows the stub,
// erased; the audit trail says who, when and why; no log line carries the
// reason or the firm's data.
func TestStaffErasure(t *testing.T) {
	w := newWorld(t)
	req := event(t, "submit-consultation.json")
	req.Headers["idempotency-key"] = "erase-me-0001"
	resp := w.submit(req)
	if resp.StatusCode != 201 {
		t.Fatalf("submit: %d %s", resp.StatusCode, resp.Body)
	}
	r := decode[receipt](t, resp)
	w.deliver()
	got := w.claim(psStaff)
	answered := w.view(w.act(psStaff, r.Reference, got.ETag, map[string]any{"action": "answer",
		"answer": map[string]any{"public": "请张三尽快报警。", "internal": "已联系 13812345678"}}), 200)
	noted := w.view(w.act(psStaff, r.Reference, answered.ETag, map[string]any{"action": "note", "note": "legal@example.com 来电"}), 200)
	const reason = "企业 12 月 1 日来函要求删除（收文第 2026-017 号）"
	erase := map[string]any{"action": "erase", "note": reason}

	fnEnv, err := w.stack.FunctionEnv("StaffFunction")
	if err != nil {
		t.Fatal(err)
	}
	getenv := envFor(fnEnv)
	db, _ := clients(getenv)
	if items := tableItems(t, db, getenv("TABLE_NAME")); !strings.Contains(strings.Join(items["IDEM"], ""), r.Reference) {
		t.Fatalf("no idempotency record before the erasure: %v", items["IDEM"])
	}

	t.Run("refusals", func(t *testing.T) {
		tests := []struct {
			name     string
			by       token
			etag     string
			body     map[string]any
			want     int
			wantCode string
		}{
			{"staff who are not supervisors", psStaff, noted.ETag, erase, 403, "actor-not-allowed"},
			{"another agency's supervisor", cySuper, noted.ETag, erase, 404, "not-found"},
			{"a stale version", psSuper, got.ETag, erase, 412, "precondition-failed"},
			{"no reason", psSuper, noted.ETag, map[string]any{"action": "erase"}, 400, "invalid"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				resp := w.act(tt.by, r.Reference, tt.etag, tt.body)
				var body struct{ Error struct{ Code string } }
				json.Unmarshal([]byte(resp.Body), &body)
				if resp.StatusCode != tt.want || body.Error.Code != tt.wantCode {
					t.Errorf("%d %s, want %d %s", resp.StatusCode, resp.Body, tt.want, tt.wantCode)
				}
			})
		}
		if resp := w.call(psSuper, actRoute, r.Reference, erase); resp.StatusCode != 428 {
			t.Errorf("without If-Match: %d", resp.StatusCode)
		}
		if now := w.view(w.call(psStaff, readRoute, r.Reference, nil), 200); now.Status != "answered" || len(now.Form) == 0 {
			t.Errorf("a refused erasure changed it: %+v", now)
		}
	})

	stub := w.view(w.act(psSuper, r.Reference, w.view(w.call(psSuper, readRoute, r.Reference, nil), 200).ETag, erase), 200)
	if stub.Status != "erased" || len(stub.Form) != 0 || stub.Claim != nil || stub.Agency.Code != "public-security" {
		t.Errorf("the stub: %+v", stub)
	}
	for _, e := range stub.History {
		if e.Actor != "" || e.Note != "" || e.Internal != "" {
			t.Errorf("a stub event keeps who or what: %+v", e)
		}
	}
	if last := stub.History[len(stub.History)-1]; last.Action != "erase" {
		t.Errorf("the last event is %+v, want the erasure", last)
	}
	if resp := w.act(psSuper, r.Reference, stub.ETag, erase); resp.StatusCode != 409 {
		t.Errorf("erased twice: %d %s", resp.StatusCode, resp.Body)
	}

	var form struct {
		Company  struct{ Name, CreditCode string }
		Contact  struct{ Name, Title, Mobile, Email string }
		Incident struct{ Title, Description, Questions string }
	}
	if err := json.Unmarshal([]byte(req.Body), &form); err != nil {
		t.Fatal(err)
	}
	personal := []string{form.Company.Name, form.Company.CreditCode, form.Contact.Name, form.Contact.Title, form.Contact.Mobile,
		form.Contact.Email, form.Incident.Title, form.Incident.Description, form.Incident.Questions,
		"请张三尽快报警", "已联系", "来电", "erase-me-0001"}
	for _, p := range personal {
		if p == "" {
			t.Fatal("the sample lacks a personal value to look for")
		}
	}

	t.Run("a table reader finds nothing personal", func(t *testing.T) {
		items := tableItems(t, db, getenv("TABLE_NAME"))
		if len(items["IDEM"]) != 0 {
			t.Errorf("idempotency records left: %v", items["IDEM"])
		}
		if len(items["SUB"]) != 1 || len(items["LIMIT"]) == 0 {
			t.Fatalf("the table holds %v; want the stub and the client's counter", items)
		}
		for kind, list := range items {
			for _, item := range list {
				for _, p := range personal {
					if strings.Contains(item, p) {
						t.Errorf("a %s item holds %q: %s", kind, p, item)
					}
				}
				// Staff are named in the audit trail only, and the reason is
				// the erasure's audit entry's.
				if kind != "AUDIT" && (strings.Contains(item, psStaff["sub"]) || strings.Contains(item, psSuper["sub"]) || strings.Contains(item, "2026-017")) {
					t.Errorf("a %s item names staff or the reason: %s", kind, item)
				}
				if kind == "LIMIT" && (strings.Contains(item, r.Reference) || strings.Contains(item, "127.0.0.1")) {
					t.Errorf("a counter names the submission or the client: %s", item)
				}
			}
		}
	})

	t.Run("the audit trail says who, when and why", func(t *testing.T) {
		var trail struct {
			Entries []struct{ At, Actor, Action, Reason string }
		}
		resp := w.call(psSuper, auditRoute, r.Reference, nil)
		if err := json.Unmarshal([]byte(resp.Body), &trail); err != nil || resp.StatusCode != 200 {
			t.Fatalf("%d %s", resp.StatusCode, resp.Body)
		}
		last := trail.Entries[len(trail.Entries)-1]
		if last.Action != "erase" || last.Actor != psSuper["sub"] || last.Reason != reason || last.At == "" {
			t.Errorf("the last entry %+v, want the erasure by %s with its reason", last, psSuper["sub"])
		}
		var reasons int
		for _, e := range trail.Entries {
			if e.Reason != "" {
				reasons++
			}
		}
		if reasons != 1 || len(trail.Entries) < 5 {
			t.Errorf("trail %+v, want every earlier entry kept and one reason", trail.Entries)
		}
	})

	t.Run("the firm sees the stub, erased, and is told once", func(t *testing.T) {
		status := event(t, "status-unknown.json")
		status.PathParameters["reference"], status.Headers["x-status-token"] = r.Reference, r.StatusToken
		resp := w.status(status)
		apitest.Check(t, status, resp)
		var v struct {
			Status  string
			Answer  *string
			History []struct{ From, Status string }
		}
		if err := json.Unmarshal([]byte(resp.Body), &v); err != nil || resp.StatusCode != 200 {
			t.Fatalf("%d %s", resp.StatusCode, resp.Body)
		}
		if last := v.History[len(v.History)-1]; v.Status != "erased" || v.Answer != nil || last.Status != "erased" || last.From != "answered" {
			t.Errorf("the firm sees %s", resp.Body)
		}
		var told int
		for _, m := range sentMail(t, r.Reference) {
			if strings.Contains(m, "个人信息已删除") {
				told++
			}
		}
		if told != 1 {
			t.Errorf("%d mails tell the erasure, want one", told)
		}
	})

	logs := w.logs.String()
	if !strings.Contains(logs, "personal data erased on request") {
		t.Fatalf("the erasure was not logged:\n%s", logs)
	}
	for _, p := range append(personal, reason, "2026-017") {
		if strings.Contains(logs, p) {
			t.Errorf("the logs carry %q", p)
		}
	}
}

// tableItems scans the whole table, as a table reader would, and returns each
// item as the text of its names and values (binary ones in base64), by the
// kind its key starts with (SUB, IDEM, LIMIT, AUDIT).
func tableItems(t *testing.T, db *dynamodb.Client, table string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	in := &dynamodb.ScanInput{TableName: aws.String(table)}
	for {
		page, err := db.Scan(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		for _, item := range page.Items {
			var plain map[string]any
			if err := attributevalue.UnmarshalMap(item, &plain); err != nil {
				t.Fatal(err)
			}
			pk, _ := plain["pk"].(string)
			kind, _, _ := strings.Cut(pk, "#")
			out[kind] = append(out[kind], strings.Join(leaves(plain, nil), " | "))
		}
		if len(page.LastEvaluatedKey) == 0 {
			return out
		}
		in.ExclusiveStartKey = page.LastEvaluatedKey
	}
}

// leaves lists the names and the values in v, strings as they are (JSON would
// escape a description's line breaks), anything else as JSON.
func leaves(v any, out []string) []string {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			out = leaves(x, append(out, k))
		}
	case []any:
		for _, x := range v {
			out = leaves(x, out)
		}
	case string:
		out = append(out, v)
	default:
		b, _ := json.Marshal(v)
		out = append(out, string(b))
	}
	return out
}
