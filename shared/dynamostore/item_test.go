package dynamostore

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/intake"
)

// The attribute names Update writes are the ones Create writes: the constants
// of store.go must match intake.Submission's dynamodbav tags.
func TestAttributeNamesMatchTheItem(t *testing.T) {
	at := time.Date(2026, 11, 5, 1, 0, 0, 0, time.UTC)
	item, err := marshalSubmission(&intake.Submission{
		Reference: "C-AAAA-BBBB", Status: intake.StatusInReview, Agency: "procuratorate",
		SubmittedAt: at, UpdatedAt: at, Form: json.RawMessage(`{}`),
		History:           []intake.Event{{At: at, To: intake.StatusReceived}},
		Answer:            &intake.Answer{Public: "x"},
		Schedule:          &intake.Schedule{At: at},
		Claim:             &intake.Claim{By: "staff-1", Since: at},
		AnsweredAt:        &at,
		Version:           2,
		TokenHash:         []byte{1},
		RedactedAt:        &at,
		IdempotencyRecord: "record",
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{attrPK, attrType, attrForm, attrDispatch, attrStatus, attrAgency, attrQueued,
		attrClaim, attrAnswer, attrSchedule, attrHistory, attrVersion, attrUpdatedAt, attrSubmittedAt, attrTokenHash, attrRedactedAt,
		attrListed, attrAnsweredAt, attrWaitOrder, attrAgencyStatus, attrIdempotencyRecord} {
		if _, ok := item[name]; !ok {
			t.Errorf("the item has no attribute %q", name)
		}
	}
	rec, err := marshalIdempotency(&intake.Idempotency{Key: "record", Reference: "C-AAAA-BBBB", ExpiresAt: at})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{attrPK, attrType, attrExpiresAt, attrRecordOf} {
		if _, ok := rec[name]; !ok {
			t.Errorf("the idempotency record has no attribute %q", name)
		}
	}
}
