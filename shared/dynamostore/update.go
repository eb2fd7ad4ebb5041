package dynamostore

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
)

// Update writes the move ch in one conditional UpdateItem: every lifecycle
// attribute is set (or removed, when ch has none), the event is appended to
// the history, and the index keys follow: the item leaves the "pending" index
// once queued (or enters it again, after a transfer), and is on its agency's
// worklist exactly while queued and listed. The condition holds the flags as
// ch was decided on, since they are written as ch has them. When the condition fails, the item as it
// was comes back with the failure, so telling stale from missing costs no
// second call. A change with an audit entry is written with it in one
// transaction instead (see updateWith).
func (s *Store) Update(ctx context.Context, ch intake.Change) (err error) {
	defer apperr.Wrap(&err, "dynamostore.Update(%s)", intake.LoggedReference(ch.Reference))
	in := UpdateInput(s.table, ch)
	var applied bool
	var old map[string]types.AttributeValue
	if ch.Audit != nil {
		var put *types.Put
		if put, err = s.auditPut(*ch.Audit); err != nil {
			return err
		}
		applied, old, err = s.updateWith(ctx, in, ch.Reference, types.TransactWriteItem{Put: put})
	} else {
		applied, old, err = s.update(ctx, in)
	}
	return outcome(ch.Reference, applied, old, err, func(*intake.Submission) intake.Expect { return ch.Expect })
}

// UpdateInput is the UpdateItem that Update makes for ch on table (with an
// audit entry, the same update goes in a transaction). The bench sends it as
// the raw call beside the handler's (BENCHMARKS.md, "Overhead").
func UpdateInput(table string, ch intake.Change) *dynamodb.UpdateItemInput {
	in := updateInput(ch)
	in.TableName = aws.String(table)
	in.Key = submissionKey(ch.Reference)
	// A failed condition brings the item as it was: Update tells stale from
	// missing without a second call.
	in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	return in
}

func updateInput(ch intake.Change) *dynamodb.UpdateItemInput {
	var e expression
	e.set(attrStatus, str(string(ch.Status)))
	e.set(attrAgency, str(string(ch.Agency)))
	e.set(attrVersion, num(ch.Version))
	e.set(attrUpdatedAt, timeValue(ch.UpdatedAt))
	// Like marshalSubmission: not queued is a pending dispatch, and only a
	// listed submission says so.
	if ch.Queued {
		e.remove(attrDispatch)
		e.remove(attrNotQueued) // a stub's (Redact)
	} else {
		e.set(attrDispatch, str(dispatchPending))
	}
	if ch.Listed {
		e.set(attrListed, boolean(true))
	} else {
		e.remove(attrListed)
	}
	for _, values := range []map[string]types.AttributeValue{
		staffKeys(ch.Agency, ch.Status, ch.Listed),
		lifecycleValues(ch.Claim, ch.Answer, ch.Schedule, ch.Answered),
	} {
		for _, name := range slices.Sorted(maps.Keys(values)) {
			if v := values[name]; v == nil {
				e.remove(name)
			} else {
				e.set(name, v)
			}
		}
	}
	if ch.Event != nil {
		h := e.name(attrHistory)
		e.sets = append(e.sets, h+" = list_append(if_not_exists("+h+", "+e.value("emptyList", &types.AttributeValueMemberL{Value: []types.AttributeValue{}})+"), "+
			e.value("event", &types.AttributeValueMemberL{Value: []types.AttributeValue{eventValue(*ch.Event)}})+")")
	}

	cond := e.condition(ch.Expect)
	update := "SET " + strings.Join(e.sets, ", ")
	if len(e.removes) > 0 {
		update += " REMOVE " + strings.Join(e.removes, ", ")
	}
	return &dynamodb.UpdateItemInput{
		UpdateExpression:          aws.String(update),
		ConditionExpression:       aws.String(cond),
		ExpressionAttributeNames:  e.names,
		ExpressionAttributeValues: e.values,
	}
}

// expression collects an UpdateItem's clauses with a placeholder for every
// attribute name and value, so that no name can clash with a reserved word.
type expression struct {
	names         map[string]string
	values        map[string]types.AttributeValue
	sets, removes []string
}

func (e *expression) name(attr string) string {
	if e.names == nil {
		e.names = map[string]string{}
	}
	e.names["#"+attr] = attr
	return "#" + attr
}

func (e *expression) value(key string, v types.AttributeValue) string {
	if e.values == nil {
		e.values = map[string]types.AttributeValue{}
	}
	e.values[":"+key] = v
	return ":" + key
}

func (e *expression) set(attr string, v types.AttributeValue) {
	e.sets = append(e.sets, e.name(attr)+" = "+e.value(attr, v))
}

func (e *expression) remove(attr string) { e.removes = append(e.removes, e.name(attr)) }

// condition is the condition of a move on a submission: it exists and is
// still at expect's status, version and delivery flags.
func (e *expression) condition(expect intake.Expect) string {
	cond := "attribute_exists(" + e.name(attrPK) + ") AND " + e.name(attrStatus) + " = " + e.value("expectStatus", str(string(expect.Status)))
	if expect.Version == 0 {
		cond += " AND attribute_not_exists(" + e.name(attrVersion) + ")"
	} else {
		cond += " AND " + e.name(attrVersion) + " = " + e.value("expectVersion", num(expect.Version))
	}
	if expect.Queued {
		cond += " AND " + e.queued()
	} else {
		cond += " AND NOT " + e.queued()
	}
	if expect.Listed {
		return cond + " AND attribute_exists(" + e.name(attrListed) + ")"
	}
	return cond + " AND attribute_not_exists(" + e.name(attrListed) + ")"
}

// queued is the condition that a submission is queued, as unmarshalSubmission
// reads it: no pending dispatch, and not a stub's "not queued".
func (e *expression) queued() string {
	return "(attribute_not_exists(" + e.name(attrDispatch) + ") AND attribute_not_exists(" + e.name(attrNotQueued) + "))"
}

// Mark sets m's delivery flags in one conditional UpdateItem, if the item is
// still at m's status and agency and lacks each flag m sets. It writes the
// flags and the index keys that follow them (the item leaves the "pending"
// index once queued, and a queued one enters its agency's "worklist" once
// listed) and nothing else: not the version, updatedAt or the history, and no
// attribute the "activity" and "by-status" indexes hold, so their entries
// are not written at all. A failed condition brings the item as it was, as in
// Update.
func (s *Store) Mark(ctx context.Context, m intake.Mark) (err error) {
	defer apperr.Wrap(&err, "dynamostore.Mark(%s)", intake.LoggedReference(m.Reference))
	if !m.Queued && !m.Listed {
		return nil
	}
	in := markInput(m)
	in.TableName = aws.String(s.table)
	in.Key = submissionKey(m.Reference)
	in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	applied, old, err := s.update(ctx, in)
	return outcome(m.Reference, applied, old, err, func(current *intake.Submission) intake.Expect {
		return intake.Expect{Status: m.Status, Version: current.Version}
	})
}

func markInput(m intake.Mark) *dynamodb.UpdateItemInput {
	var e expression
	cond := "attribute_exists(" + e.name(attrPK) + ") AND " + e.name(attrStatus) + " = " + e.value("expectStatus", str(string(m.Status))) +
		" AND " + e.name(attrAgency) + " = " + e.value("expectAgency", str(string(m.Agency)))
	if m.Queued {
		e.remove(attrDispatch)
		e.remove(attrNotQueued)
		cond += " AND NOT " + e.queued()
	}
	if m.Listed {
		e.set(attrListed, boolean(true))
		if w := staffKeys(m.Agency, m.Status, true)[attrWorklist]; w != nil {
			e.set(attrWorklist, w)
		}
		cond += " AND attribute_not_exists(" + e.name(attrListed) + ")"
	}
	var update []string
	if len(e.sets) > 0 {
		update = append(update, "SET "+strings.Join(e.sets, ", "))
	}
	if len(e.removes) > 0 {
		update = append(update, "REMOVE "+strings.Join(e.removes, ", "))
	}
	return &dynamodb.UpdateItemInput{
		UpdateExpression:          aws.String(strings.Join(update, " ")),
		ConditionExpression:       aws.String(cond),
		ExpressionAttributeNames:  e.names,
		ExpressionAttributeValues: e.values,
	}
}

// update runs one conditional UpdateItem on a submission. When the condition
// fails it returns the item as it was, nil if there was none.
func (s *Store) update(ctx context.Context, in *dynamodb.UpdateItemInput) (applied bool, old map[string]types.AttributeValue, err error) {
	_, err = s.db.UpdateItem(ctx, in)
	var failed *types.ConditionalCheckFailedException
	switch {
	case errors.As(err, &failed):
		if len(failed.Item) == 0 {
			return false, nil, nil
		}
		return false, failed.Item, nil
	case err != nil:
		return false, nil, apperr.Unavailable(err)
	}
	return true, nil, nil
}

// outcome is a conditional write's answer: its error, nil when it applied,
// apperr.ErrNotFound when there was no submission, else a *intake.StaleError
// with the submission as the store found it (old) and what the write
// expected of it.
func outcome(reference string, applied bool, old map[string]types.AttributeValue, err error, expected func(current *intake.Submission) intake.Expect) error {
	switch {
	case err != nil || applied:
		return err
	case old == nil:
		return apperr.ErrNotFound
	}
	current, err := unmarshalSubmission(old)
	if err != nil {
		return err
	}
	return &intake.StaleError{Reference: reference, Expect: expected(current), Current: current}
}
