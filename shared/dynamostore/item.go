package dynamostore

import (
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/intake"
)

// timeLayout is RFC 3339 with a fixed nine-digit fraction. Written in UTC it has
// one width for every time, so strings sort as the times do: submittedAt is the
// range key of the "pending" index. (time.RFC3339Nano drops trailing zeros, and
// "…:05Z" sorts after "…:05.5Z".)
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func encodeTime(t time.Time) (types.AttributeValue, error) { return str(formatTime(t)), nil }

func encoderOptions(o *attributevalue.EncoderOptions) { o.EncodeTime = encodeTime }

// marshalSubmission builds the item for s. The form is a map rather than a JSON
// string so that later features (staff views, exports) can project single fields.
func marshalSubmission(s *intake.Submission) (map[string]types.AttributeValue, error) {
	item, err := attributevalue.MarshalMapWithOptions(s, encoderOptions)
	if err != nil {
		return nil, fmt.Errorf("marshal submission: %w", err)
	}
	item[attrPK] = submissionKey(s.Reference)[attrPK]
	item[attrType] = str(typeSubmission)
	// list_append in Update needs a list, not the NULL a nil slice encodes to.
	if _, isList := item[attrHistory].(*types.AttributeValueMemberL); !isList {
		item[attrHistory] = &types.AttributeValueMemberL{Value: []types.AttributeValue{}}
	}
	if len(s.Form) > 0 {
		form, err := formToAttribute(s.Form)
		if err != nil {
			return nil, err
		}
		item[attrForm] = form
	}
	if !s.Queued {
		item[attrDispatch] = str(dispatchPending)
	}
	item[attrWaitOrder] = str(waitOrder(s))
	for name, v := range staffKeys(s.Agency, s.Status, s.Listed) {
		if v != nil {
			item[name] = v
		}
	}
	return item, nil
}

// waitOrder is a submission's place on its agency's worklist: urgent before
// normal, then by submission time, which timeLayout makes sort as a string.
func waitOrder(s *intake.Submission) string {
	urgency := "1"
	if s.Urgent {
		urgency = "0"
	}
	return urgency + "#" + formatTime(s.SubmittedAt) + "#" + s.Reference
}

// staffKeys are the index keys that follow a submission's agency, status and
// listing: its by-status key always, its worklist key only while it waits for
// a person. A nil value means the attribute must go.
func staffKeys(a agency.Code, status intake.Status, listed bool) map[string]types.AttributeValue {
	keys := map[string]types.AttributeValue{attrAgencyStatus: str(string(a) + "#" + string(status)), attrWorklist: nil}
	if status == intake.StatusQueued && listed {
		keys[attrWorklist] = str(string(a))
	}
	return keys
}

func unmarshalSubmission(item map[string]types.AttributeValue) (*intake.Submission, error) {
	var s intake.Submission
	if err := attributevalue.UnmarshalMap(item, &s); err != nil {
		return nil, fmt.Errorf("unmarshal submission: %w", err)
	}
	if form, ok := item[attrForm]; ok {
		raw, err := formFromAttribute(form)
		if err != nil {
			return nil, err
		}
		s.Form = raw
	}
	return &s, nil
}

// marshalIdempotency builds the item for r; expiresAt is epoch seconds (the
// dynamodbav unixtime tag), as TTL requires.
func marshalIdempotency(r *intake.Idempotency) (map[string]types.AttributeValue, error) {
	item, err := attributevalue.MarshalMapWithOptions(r, encoderOptions)
	if err != nil {
		return nil, fmt.Errorf("marshal idempotency: %w", err)
	}
	item[attrPK] = idempotencyKey(r.Key)[attrPK]
	item[attrType] = str(typeIdempotency)
	return item, nil
}

func unmarshalIdempotency(item map[string]types.AttributeValue) (*intake.Idempotency, error) {
	var r intake.Idempotency
	if err := attributevalue.UnmarshalMap(item, &r); err != nil {
		return nil, fmt.Errorf("unmarshal idempotency: %w", err)
	}
	return &r, nil
}
