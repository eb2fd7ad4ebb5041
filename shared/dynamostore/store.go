// Package dynamostore keeps submissions, idempotency records, the counters of
// intake's limits and the staff audit trail in the single DynamoDB table that
// template.yaml declares as SubmissionsTable.
//
// Layout:
//   - A submission lives at pk "SUB#<reference>" with its form (as a map) and its
//     history (as a list). While its message is not yet on its agency queue the
//     item carries dispatch = "pending", which puts it in the sparse "pending"
//     index (dispatch, submittedAt) that the scheduled re-dispatch reads.
//   - Its place on its agency's worklist, waitOrder = "<0 urgent|1 normal>#
//     <submittedAt>#<reference>", is written once, at Create; a release or a
//     transfer never changes it. While the submission waits for a person
//     (queued, and listed by the agency inbox) it carries worklist = <agency>,
//     which puts it in the sparse "worklist" index (worklist, waitOrder).
//   - agencyStatus = "<agency>#<status>" keys the "by-status" index and agency
//     the "activity" index, both ordered by updatedAt; they project a summary
//     of each submission, never its form.
//   - An idempotency record lives at pk "IDEM#<key>" (the record's key, a
//     digest: intake.RecordKey) and expires through the table's TTL attribute
//     expiresAt. The submission made with it keeps that key
//     (idempotencyRecord), so that an erasure can delete the record.
//   - A counter lives at pk "LIMIT#<key>" (a name with no address in it) and
//     expires the same way.
//   - An audit entry lives at pk "AUDIT#<reference>#<at>#<random>", with
//     auditOf = <reference> and auditAt = "<at>#<random>" keying the sparse
//     "audit" index. Entries are only ever put, never updated or deleted.
//   - The staff console's sessions live at pk "SESSION#<digest>", sealed
//     (console.go), and expire through expiresAt.
//
// After Create, a submission changes only through Update: one conditional
// UpdateItem that writes what the domain decided (intake.Submission.Apply,
// intake.MarkQueued, intake.Enlist) if the item is still at the status and
// version it expects, and keeps the index keys above in step. A staff move's
// audit entry is written with it, in one transaction. Redact, written the
// same way, removes the personal data and leaves the stub (retention, and
// erasure on request, with its audit entry and the idempotency record's
// deletion in the same transaction).
//
// Items stored before the worklist existed have no waitOrder, so they never
// reach a worklist; none were queued for staff, since nothing read the queues.
package dynamostore

import (
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/putuo-compliance/intake/shared/intake"
)

// Store is an intake.Store on DynamoDB. Every failure of DynamoDB itself comes
// back as an apperr.ErrUnavailable.
type Store struct {
	client *dynamodb.Client
	table  string
	now    func() time.Time
}

var _ intake.Store = (*Store)(nil)

// New returns a Store on table. The client is shared and safe for concurrent use.
func New(client *dynamodb.Client, table string) *Store {
	return &Store{client: client, table: table, now: time.Now}
}

// The table's attribute names and fixed values (template.yaml, SubmissionsTable),
// the one place they are spelled. A submission's own attributes are named by the
// dynamodbav tags of intake.Submission; item_test.go checks that these match.
const (
	attrPK        = "pk"
	attrType      = "type"
	attrForm      = "form"
	attrDispatch  = "dispatch"
	attrExpiresAt = "expiresAt"
	attrCount     = "count"

	attrStatus      = "status"
	attrAgency      = "agency"
	attrQueued      = "queued"
	attrClaim       = "claim"
	attrAnswer      = "answer"
	attrSchedule    = "schedule"
	attrHistory     = "history"
	attrVersion     = "version"
	attrUpdatedAt   = "updatedAt"
	attrSubmittedAt = "submittedAt"
	attrTokenHash   = "tokenHash"
	attrRedactedAt  = "redactedAt"
	attrListed      = "listed"
	attrAnsweredAt  = "answeredAt"
	// attrIdempotencyRecord is the submission's; attrRecordOf the idempotency
	// record's reference.
	attrIdempotencyRecord = "idempotencyRecord"
	attrRecordOf          = "reference"

	attrWorklist     = "worklist"
	attrWaitOrder    = "waitOrder"
	attrAgencyStatus = "agencyStatus"
	attrAuditOf      = "auditOf"
	attrAuditAt      = "auditAt"

	typeSubmission  = "submission"
	typeIdempotency = "idempotency"
	typeCounter     = "counter"
	typeAudit       = "audit"

	// dispatchPending marks a submission not yet queued; the "pending" index is
	// sparse, so removing the attribute takes the item out of the index.
	dispatchPending = "pending"
	indexPending    = "pending"

	indexWorklist = "worklist"
	indexActivity = "activity"
	indexByStatus = "by-status"
	indexAudit    = "audit"
)

func submissionKey(reference string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{attrPK: str("SUB#" + reference)}
}

func idempotencyKey(key string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{attrPK: str("IDEM#" + key)}
}

func str(s string) *types.AttributeValueMemberS { return &types.AttributeValueMemberS{Value: s} }

func boolean(b bool) *types.AttributeValueMemberBOOL {
	return &types.AttributeValueMemberBOOL{Value: b}
}

func num(n int64) *types.AttributeValueMemberN {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(n, 10)}
}
