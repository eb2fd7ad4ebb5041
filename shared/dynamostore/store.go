// Package dynamostore keeps submissions, idempotency records, the counters of
// intake's limits and the staff audit trail in the single DynamoDB table that
// template.yaml declares as SubmissionsTable.
//
// Layout (attribute names as store.go spells them; the table below is the one
// place they are written, and template.yaml's keys and projections follow it):
//   - A submission lives at pk "SUB#<reference>" with its form (as a map) and its
//     history (as a list). While its message is not yet on its agency queue the
//     item carries dispatch = "pending", which puts it in the sparse "pending"
//     index (dispatch, submittedAt) that the scheduled re-dispatch reads; the
//     attribute's absence is what "queued" means.
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
// Items are kept small because DynamoDB bills a write per started KB (twice in
// a transaction): names are one or two letters, a value that can be derived
// (the reference from pk, "queued" from dispatch) or that is the common case
// (not urgent, not listed, an event by the system, a public event) is not
// stored, and times are Unix nanoseconds (item.go). A typical consultation
// stays under 1 KB (itemsize_test.go; docs/cost.md has the write units).
//
// After Create, a submission changes through Update and Mark, each one
// conditional UpdateItem that writes what the domain decided and keeps the
// index keys above in step. Update writes a move (intake.Submission.Apply) if
// the item is still at the status, version and delivery flags it expects; a
// staff move's audit entry is written with it, in one transaction. Mark
// writes delivery bookkeeping (intake.MarkQueued, intake.Enlist): the queued
// and listed flags and the keys that follow them, and nothing the activity
// and by-status indexes hold, so that their entries are not written. Redact, written the
// same way, removes the personal data and leaves the stub (retention, and
// erasure on request, with its audit entry and the idempotency record's
// deletion in the same transaction).
//
// There is no deployed data: items in an older layout (long attribute names)
// are not read, and nothing migrates them.
package dynamostore

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/putuo-compliance/intake/shared/intake"
)

// Store is an intake.Store on DynamoDB. Every failure of DynamoDB itself comes
// back as an apperr.ErrUnavailable.
type Store struct {
	db    operations
	table string
	now   func() time.Time
}

var _ intake.Store = (*Store)(nil)

// New returns a Store on table. The client is shared and safe for concurrent use.
func New(client *dynamodb.Client, table string) *Store {
	return &Store{db: operations{
		GetItem:            client.GetItem,
		BatchGetItem:       client.BatchGetItem,
		PutItem:            client.PutItem,
		UpdateItem:         client.UpdateItem,
		DeleteItem:         client.DeleteItem,
		TransactWriteItems: client.TransactWriteItems,
		Query:              client.Query,
		Scan:               client.Scan,
	}, table: table, now: time.Now}
}

// operations are the DynamoDB operations a Store calls, as the client's method
// values. A Store keeps these, never the client: a Store goes about as an
// interface (intake.Store), and in a binary where reflect looks methods up by
// name (html/template, validator/v10) the linker keeps every exported method
// of every type an interface value can lead to, so a client field would link
// all of the client's operations; a func value leads to none.
type operations struct {
	GetItem            func(context.Context, *dynamodb.GetItemInput, ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	BatchGetItem       func(context.Context, *dynamodb.BatchGetItemInput, ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error)
	PutItem            func(context.Context, *dynamodb.PutItemInput, ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	UpdateItem         func(context.Context, *dynamodb.UpdateItemInput, ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
	DeleteItem         func(context.Context, *dynamodb.DeleteItemInput, ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error)
	TransactWriteItems func(context.Context, *dynamodb.TransactWriteItemsInput, ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error)
	Query              func(context.Context, *dynamodb.QueryInput, ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error)
	Scan               func(context.Context, *dynamodb.ScanInput, ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error)
}

// The table's attribute names, index names and fixed values: the one place they
// are spelled. template.yaml (SubmissionsTable's AttributeDefinitions,
// GlobalSecondaryIndexes and TimeToLiveSpecification) must agree;
// item_test.go checks it. Names are short because every byte of every name is
// billed on every write of the item.
const (
	attrPK   = "pk"
	attrType = "t" // typeSubmission, typeIdempotency, typeCounter, typeSession or typeAudit

	// A submission. Its reference is pk's, after "SUB#".
	attrKind        = "k"
	attrStatus      = "s"
	attrAgency      = "a" // the "activity" index's hash key
	attrUrgent      = "u" // only when urgent
	attrLanguage    = "l"
	attrTokenHash   = "th"
	attrCorrelation = "c"
	attrSubmittedAt = "ts" // the "pending" index's range key
	attrUpdatedAt   = "tu" // the "activity" and "by-status" indexes' range key
	attrAnsweredAt  = "ta"
	attrListed      = "ls" // only when listed
	attrForm        = "f"
	attrHistory     = "h"
	attrAnswer      = "an"
	attrSchedule    = "sc"
	attrClaim       = "cl"
	attrVersion     = "v"
	attrDispatch    = "d" // only while not queued; the "pending" index's hash key
	// Only on a stub (Redact) whose message was never queued: a stub is not
	// pending, so its dispatch goes, and this keeps "not queued".
	attrNotQueued    = "nq"
	attrWorklist     = "w"
	attrWaitOrder    = "wo"
	attrAgencyStatus = "as"
	attrConsent      = "cn" // a map: the wording's version and the time of consent
	attrRedactedAt   = "tr" // only once the personal data is gone (a stub)
	// The key of the idempotency record stored with the submission, only when
	// there was one: an erasure deletes that record.
	attrIdempotencyRecord = "ir"

	// A history event, a map in the history list.
	attrEventAt        = "t"
	attrEventActor     = "a" // left out for the system, the actor of most events
	attrEventAction    = "x"
	attrEventFrom      = "f"
	attrEventTo        = "s"
	attrEventAgency    = "g"
	attrEventNote      = "n"
	attrEventInternal  = "i"
	attrEventStaffOnly = "so" // true when not public; most events are public

	// A claim, an answer, a schedule: maps.
	attrClaimBy        = "b"
	attrClaimSince     = "t"
	attrAnswerPublic   = "p"
	attrAnswerInternal = "i"
	attrScheduleAt     = "t"
	attrSchedulePlace  = "pl"
	attrConsentVersion = "v"
	attrConsentAt      = "t"

	// An idempotency record. Its key is pk's, after "IDEM#".
	attrBodyHash    = "bh"
	attrIdemRef     = "r" // the submission's reference; an erasure's deletion is conditional on it
	attrSealedToken = "st"
	attrExpiresAt   = "expiresAt" // the table's TTL attribute, in epoch seconds

	// An audit entry. Named apart from a submission's index keys (agency,
	// updatedAt), so that no entry ever lands in a submission index.
	attrAuditOf     = "ao" // the submission's reference
	attrAuditAt     = "aa"
	attrAuditAgency = "ag"
	attrAuditActor  = "by"
	attrAuditAction = "x"
	attrAuditTime   = "at"
	attrAuditReason = "re" // an erasure's only

	// A counter of intake's limits. Its key is pk's, after "LIMIT#"; it
	// expires through attrExpiresAt.
	attrCount = "n"

	// A staff console session, sealed (console.go). Its key is pk's, after
	// "SESSION#"; it expires through attrExpiresAt.
	attrSealed = "se"

	typeSubmission  = "sub"
	typeIdempotency = "idem"
	typeCounter     = "lim"
	typeSession     = "ses"
	typeAudit       = "audit"

	// dispatchPending marks a submission not yet queued; the "pending" index is
	// sparse, so removing the attribute takes the item out of the index.
	dispatchPending = "pending"
	indexPending    = "pending"

	indexWorklist = "worklist"
	indexActivity = "activity"
	indexByStatus = "by-status"
	indexAudit    = "audit"

	prefixSubmission  = "SUB#"
	prefixIdempotency = "IDEM#"
	prefixAudit       = "AUDIT#"
	prefixCounter     = "LIMIT#"
	prefixSession     = "SESSION#"
)

// The names that tools and other packages' tests read raw items by (the bench,
// the local stack's checks): the same names as above, not spelled again.
const (
	AttrPK          = attrPK
	AttrDispatch    = attrDispatch // present while a submission is not yet queued
	AttrListed      = attrListed   // present (true) once the agency inbox listed it
	AttrStatus      = attrStatus
	AttrHistory     = attrHistory
	AttrUpdated     = attrUpdatedAt
	AttrCorrelation = attrCorrelation
	AttrTokenHash   = attrTokenHash
)

// SubmissionKey is the primary key of the submission with reference.
func SubmissionKey(reference string) map[string]types.AttributeValue {
	return submissionKey(reference)
}

// IdempotencyKey is the primary key of the idempotency record of key.
func IdempotencyKey(key string) map[string]types.AttributeValue {
	return idempotencyKey(key)
}

// ReferenceOf is the reference of a raw submission item; false for an item of
// another kind.
func ReferenceOf(item map[string]types.AttributeValue) (string, bool) {
	return strings.CutPrefix(stringOf(item[attrPK]), prefixSubmission)
}

func submissionKey(reference string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{attrPK: str(prefixSubmission + reference)}
}

func idempotencyKey(key string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{attrPK: str(prefixIdempotency + key)}
}

func str(s string) *types.AttributeValueMemberS { return &types.AttributeValueMemberS{Value: s} }

func boolean(b bool) *types.AttributeValueMemberBOOL {
	return &types.AttributeValueMemberBOOL{Value: b}
}

func num(n int64) *types.AttributeValueMemberN {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(n, 10)}
}
