package dynamostore_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
)

var refSeq atomic.Int64

// newRef returns a reference unique in this run (the table is shared by all tests).
func newRef() string {
	return "C-T" + time.Now().Format("150405") + "-" + strconv.FormatInt(refSeq.Add(1), 10)
}

// testForm exercises what a form can hold: nesting, lists, numbers, booleans,
// null, empty values, Chinese text and characters JSON encoders like to escape.
const testForm = `{"company":{"name":"上海某网络科技有限公司","creditCode":"91310107MA1G8K3Q33","industry":"gaming"},
 "contact":{"name":"张三","title":"法务总监","mobile":"13812345678","email":"legal@example.com"},
 "language":"zh-CN","consent":{"accepted":true,"version":"2026-11"},
 "incident":{"role":"victim","category":"online-fraud","occurredOn":"2026-11-01","title":"<script>&amp;",
  "reportedToPolice":false,"policeCaseNumber":"","measures":["none"],"estimatedLossCny":120000,
  "ratio":0.125,"big":12345678901234567890,"nothing":null,"empty":[],"emptyObj":{}}}`

func newSubmission(ref string, at time.Time) *intake.Submission {
	return &intake.Submission{
		Reference:     ref,
		Kind:          forms.KindConsultation,
		Status:        intake.StatusReceived,
		Agency:        agency.PublicSecurity,
		Urgent:        true,
		Language:      forms.ZH,
		TokenHash:     []byte{0, 1, 2, 0xfe, 0xff},
		CorrelationID: "corr-" + ref,
		SubmittedAt:   at,
		UpdatedAt:     at,
		Form:          json.RawMessage(testForm),
		History: []intake.Event{{
			At: at, Actor: intake.ActorSystem, To: intake.StatusReceived, Public: true,
		}},
	}
}

func newIdempotency(key, ref string, expires time.Time) *intake.Idempotency {
	return &intake.Idempotency{
		Key:         key,
		BodyHash:    []byte("body-hash-" + key),
		Reference:   ref,
		SealedToken: []byte{9, 8, 7, 0},
		ExpiresAt:   expires,
	}
}

// assertSameJSON compares two JSON documents by value, numbers digit for digit.
func assertSameJSON(t *testing.T, got, want []byte) {
	t.Helper()
	decode := func(b []byte) any {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("decode %s: %v", b, err)
		}
		return v
	}
	if g, w := decode(got), decode(want); !reflect.DeepEqual(g, w) {
		t.Errorf("form = %s\nwant %s", got, want)
	}
}
