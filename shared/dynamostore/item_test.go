package dynamostore

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/putuo-compliance/intake/infra/local/samtemplate"
	"github.com/putuo-compliance/intake/shared/intake"
)

// fill sets every field of the struct v points to, recursively, to a value
// that is not its zero: a field added to intake.Submission later is filled
// too, so a store that forgets to keep it fails the round trip below.
func fill(t *testing.T, v reflect.Value, name string) {
	t.Helper()
	at := time.Date(2026, 11, 5, 1, 2, 3, 456789012, time.UTC)
	switch {
	case v.Type() == reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(at.Add(time.Duration(len(name)) * time.Minute)))
	case v.Type() == reflect.TypeFor[json.RawMessage]():
		v.Set(reflect.ValueOf(json.RawMessage(`{"company":{"name":"x"},"measures":["none"],"n":1.5,"b":false,"e":""}`)))
	case v.Kind() == reflect.String:
		v.SetString("x-" + name)
	case v.Kind() == reflect.Bool:
		v.SetBool(true)
	case v.Kind() == reflect.Int64:
		v.SetInt(int64(len(name)))
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8:
		v.SetBytes([]byte{0, 1, 0xff})
	case v.Kind() == reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(t, s.Index(i), name)
		}
		v.Set(s)
	case v.Kind() == reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(t, p.Elem(), name)
		v.Set(p)
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			fill(t, v.Field(i), v.Type().Field(i).Name)
		}
	default:
		t.Fatalf("fill: no value for %s (%s); teach this test the type", name, v.Type())
	}
}

// Every field of a submission comes back as it was stored: the store names
// each one in store.go, and one it does not know would be lost.
func TestSubmissionRoundTrip(t *testing.T) {
	var full intake.Submission
	fill(t, reflect.ValueOf(&full).Elem(), "Submission")
	full.Reference = "C-2345-6789"
	full.Queued = false // kept as dispatch = "pending"; the true case is below
	tests := []struct {
		name string
		give func(*intake.Submission)
	}{
		{"every field set", func(*intake.Submission) {}},
		{"queued", func(s *intake.Submission) { s.Queued = true }},
		{"the defaults that are not stored", func(s *intake.Submission) {
			s.Urgent, s.Listed, s.Version = false, false, 0
			s.Claim, s.Answer, s.Schedule, s.AnsweredAt = nil, nil, nil, nil
			s.Consent, s.RedactedAt, s.IdempotencyRecord = nil, nil, ""
			s.History = []intake.Event{
				{At: s.SubmittedAt, Actor: intake.ActorSystem, To: intake.StatusReceived, Public: true},
				{At: s.UpdatedAt, Actor: "staff-1", Action: intake.ActionNote, From: "in-review", To: "in-review", Internal: "call back", Public: false},
				{At: s.UpdatedAt, Actor: "", To: intake.StatusQueued, Public: true}, // an empty actor is not the system
			}
		}},
		{"no form, no history", func(s *intake.Submission) { s.Form, s.History = nil, nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := full.Clone()
			want.Form = full.Form
			tt.give(want)
			item, err := marshalSubmission(want)
			if err != nil {
				t.Fatal(err)
			}
			got, err := unmarshalSubmission(item)
			if err != nil {
				t.Fatal(err)
			}
			var wantForm, gotForm any
			if len(want.Form) > 0 {
				if err := json.Unmarshal(want.Form, &wantForm); err != nil {
					t.Fatal(err)
				}
				if err := json.Unmarshal(got.Form, &gotForm); err != nil {
					t.Fatal(err)
				}
			}
			if !reflect.DeepEqual(gotForm, wantForm) {
				t.Errorf("form = %s, want %s", got.Form, want.Form)
			}
			got.Form, want.Form = nil, nil
			if len(want.History) == 0 {
				want.History = nil
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestIdempotencyRoundTrip(t *testing.T) {
	var want intake.Idempotency
	fill(t, reflect.ValueOf(&want).Elem(), "Idempotency")
	want.ExpiresAt = want.ExpiresAt.Truncate(time.Second) // TTL keeps epoch seconds
	got, err := unmarshalIdempotency(marshalIdempotency(&want))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("got  %+v\nwant %+v", *got, want)
	}
}

// A value of the wrong type is an error, not a silent zero.
func TestUnmarshalRefusesWrongTypes(t *testing.T) {
	item, err := marshalSubmission(&intake.Submission{Reference: "C-2345-6789", Status: intake.StatusQueued})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		attr string
		give types.AttributeValue
	}{
		{"status", attrStatus, num(1)},
		{"version", attrVersion, str("1")},
		{"updatedAt", attrUpdatedAt, str("2026-11-05T01:00:00Z")},
		{"history", attrHistory, str("[]")},
		{"claim", attrClaim, str("staff-1")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := maps.Clone(item)
			bad[tt.attr] = tt.give
			if _, err := unmarshalSubmission(bad); err == nil {
				t.Errorf("%s = %#v read without an error", tt.attr, tt.give)
			}
		})
	}
}

// template.yaml's table must use store.go's names: its indexes' keys, their
// types (times are numbers), and the projections the summaries read.
func TestTemplateAgrees(t *testing.T) {
	tmpl, err := samtemplate.Load("../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	props := tmpl.Resources["SubmissionsTable"].Properties
	defined := map[string]string{}
	for _, d := range props["AttributeDefinitions"].([]any) {
		d := d.(map[string]any)
		defined[d["AttributeName"].(string)] = d["AttributeType"].(string)
	}
	wantTypes := map[string]string{
		attrPK: "S", attrDispatch: "S", attrSubmittedAt: "N", attrWorklist: "S", attrWaitOrder: "S",
		attrAgency: "S", attrAgencyStatus: "S", attrUpdatedAt: "N", attrAuditOf: "S", attrAuditAt: "S",
	}
	if !reflect.DeepEqual(defined, wantTypes) {
		t.Errorf("AttributeDefinitions %v, want %v", defined, wantTypes)
	}
	// What summaries read from an index item, besides pk and the index's
	// keys, and nothing more: none of the flags that delivery bookkeeping
	// writes, so that a Mark rewrites no staff list's entry. (The keys of
	// by-status and the worklist hold some of these too; the projections are
	// kept as first deployed, since CloudFormation cannot change an existing
	// index's projection in place.)
	summary := []string{attrKind, attrStatus, attrAgency, attrUrgent, attrSubmittedAt, attrUpdatedAt, attrAnsweredAt, attrClaim, attrVersion}
	tests := []struct {
		index, hash, rng string
		projects         []string // nil: keys only; "ALL" for everything
	}{
		{indexPending, attrDispatch, attrSubmittedAt, nil},
		{indexWorklist, attrWorklist, attrWaitOrder, summary},
		{indexActivity, attrAgency, attrUpdatedAt, summary},
		{indexByStatus, attrAgencyStatus, attrUpdatedAt, summary},
		{indexAudit, attrAuditOf, attrAuditAt, []string{"ALL"}},
	}
	indexes := map[string]map[string]any{}
	for _, ix := range props["GlobalSecondaryIndexes"].([]any) {
		ix := ix.(map[string]any)
		indexes[ix["IndexName"].(string)] = ix
	}
	if len(indexes) != len(tests) {
		t.Errorf("%d indexes in the template, %d here", len(indexes), len(tests))
	}
	for _, tt := range tests {
		ix, ok := indexes[tt.index]
		if !ok {
			t.Errorf("no index %q", tt.index)
			continue
		}
		keys := map[string]string{}
		for _, k := range ix["KeySchema"].([]any) {
			k := k.(map[string]any)
			keys[k["KeyType"].(string)] = k["AttributeName"].(string)
		}
		if keys["HASH"] != tt.hash || keys["RANGE"] != tt.rng {
			t.Errorf("%s keys %v, want %s, %s", tt.index, keys, tt.hash, tt.rng)
		}
		proj := ix["Projection"].(map[string]any)
		has := []string{tt.hash, tt.rng}
		switch proj["ProjectionType"] {
		case "ALL":
			has = append(has, "ALL")
		case "INCLUDE":
			for _, a := range proj["NonKeyAttributes"].([]any) {
				has = append(has, a.(string))
			}
		}
		want := append([]string{tt.hash, tt.rng}, tt.projects...)
		slices.Sort(want)
		slices.Sort(has)
		// A key may be projected too (agency into activity): once is enough.
		want, has = slices.Compact(want), slices.Compact(has)
		if !slices.Equal(has, want) {
			t.Errorf("%s projects %v, want %v", tt.index, has, want)
		}
	}
	if ttl := props["TimeToLiveSpecification"].(map[string]any)["AttributeName"]; ttl != attrExpiresAt {
		t.Errorf("TTL attribute %v, want %s", ttl, attrExpiresAt)
	}
}

// The attributes an erasure relies on are written: the submission names its
// idempotency record and its redaction, and the record names its submission.
func TestErasureAttributesAreWritten(t *testing.T) {
	at := time.Date(2026, 11, 5, 1, 0, 0, 0, time.UTC)
	item, err := marshalSubmission(&intake.Submission{
		Reference: "C-AAAA-BBBB", Status: intake.StatusErased, Agency: "procuratorate",
		SubmittedAt: at, UpdatedAt: at, RedactedAt: &at, IdempotencyRecord: "record",
		Consent: &intake.Consent{Version: "2026-01", At: at},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{attrRedactedAt, attrIdempotencyRecord, attrConsent} {
		if _, ok := item[name]; !ok {
			t.Errorf("the item has no attribute %q", name)
		}
	}
	rec := marshalIdempotency(&intake.Idempotency{Key: "record", Reference: "C-AAAA-BBBB", ExpiresAt: at})
	for _, name := range []string{attrPK, attrType, attrExpiresAt, attrIdemRef} {
		if _, ok := rec[name]; !ok {
			t.Errorf("the idempotency record has no attribute %q", name)
		}
	}
}
