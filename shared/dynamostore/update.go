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

// Update writes ch in one conditional UpdateItem: every lifecycle attribute is
// set (or removed, when ch has none), the event is appended to the history,
// and the index keys follow: the item leaves the "pending" index once queued
// (or enters it again, after a transfer), and is on its agency's worklist
// exactly while queued and listed. When the condition fails, the item as it
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
	return &intake.StaleError{Reference: ch.Reference, Expect: ch.Expect, Current: current}
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

// condition is the condition of a conditional write on a submission: it exists
// and is still at expect's status and version.
func (e *expression) condition(expect intake.Expect) string {
	cond := "attribute_exists(" + e.name(attrPK) + ") AND " + e.name(attrStatus) + " = " + e.value("expectStatus", str(string(expect.Status)))
	if expect.Version == 0 {
		return cond + " AND attribute_not_exists(" + e.name(attrVersion) + ")"
	}
	return cond + " AND " + e.name(attrVersion) + " = " + e.value("expectVersion", num(expect.Version))
}

// update runs one conditional UpdateItem on a submission. When the condition
// fails it returns the item as it was, nil if there was none.
func (s *Store) update(ctx context.Context, in *dynamodb.UpdateItemInput) (applied bool, old map[string]types.AttributeValue, err error) {
	_, err = s.client.UpdateItem(ctx, in)
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
