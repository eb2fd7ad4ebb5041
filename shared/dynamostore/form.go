package dynamostore

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// formToAttribute turns the validated form, a JSON object, into a DynamoDB map.
// Numbers stay decimal strings (json.Number) so none loses precision on the way.
func formToAttribute(raw json.RawMessage) (types.AttributeValue, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("form: %w", err)
	}
	if _, ok := v.(map[string]any); !ok {
		return nil, errors.New("form: not a JSON object")
	}
	return jsonToAttribute(v), nil
}

func jsonToAttribute(v any) types.AttributeValue {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]types.AttributeValue, len(v))
		for k, e := range v {
			m[k] = jsonToAttribute(e)
		}
		return &types.AttributeValueMemberM{Value: m}
	case []any:
		l := make([]types.AttributeValue, len(v))
		for i, e := range v {
			l[i] = jsonToAttribute(e)
		}
		return &types.AttributeValueMemberL{Value: l}
	case string:
		return str(v)
	case json.Number:
		return &types.AttributeValueMemberN{Value: v.String()}
	case bool:
		return boolean(v)
	default: // nil is the only other value json.Decoder produces
		return &types.AttributeValueMemberNULL{Value: true}
	}
}

// formFromAttribute is the inverse of formToAttribute. Object keys come back in
// sorted order: DynamoDB maps keep none.
func formFromAttribute(av types.AttributeValue) (json.RawMessage, error) {
	v, err := attributeToJSON(av)
	if err != nil {
		return nil, fmt.Errorf("form: %w", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep "<" and "&" in descriptions as the firm wrote them
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("form: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func attributeToJSON(av types.AttributeValue) (any, error) {
	switch av := av.(type) {
	case *types.AttributeValueMemberM:
		m := make(map[string]any, len(av.Value))
		for k, e := range av.Value {
			v, err := attributeToJSON(e)
			if err != nil {
				return nil, err
			}
			m[k] = v
		}
		return m, nil
	case *types.AttributeValueMemberL:
		l := make([]any, len(av.Value))
		for i, e := range av.Value {
			v, err := attributeToJSON(e)
			if err != nil {
				return nil, err
			}
			l[i] = v
		}
		return l, nil
	case *types.AttributeValueMemberS:
		return av.Value, nil
	case *types.AttributeValueMemberN:
		return json.Number(av.Value), nil
	case *types.AttributeValueMemberBOOL:
		return av.Value, nil
	case *types.AttributeValueMemberNULL:
		return nil, nil
	default:
		return nil, fmt.Errorf("unexpected attribute type %T", av)
	}
}
