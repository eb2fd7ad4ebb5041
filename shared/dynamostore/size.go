package dynamostore

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ItemSize is an item's size as DynamoDB counts it for capacity units
// ("DynamoDB item sizes and formats", Amazon DynamoDB Developer Guide): the
// UTF-8 bytes of each attribute name plus its value's size. A write costs one
// unit per started KB of it (two in a transaction), a strongly consistent read
// one per started 4 KB.
func ItemSize(item map[string]types.AttributeValue) int {
	n := 0
	for name, v := range item {
		n += len(name) + valueSize(v)
	}
	return n
}

// WriteUnits are the write request units of one plain write of an item of
// size bytes: one per started KB, at least one.
func WriteUnits(size int) int { return max(1, (size+1023)/1024) }

// valueSize is a value's size by the guide's rules:
//   - a string its UTF-8 bytes, a binary its raw bytes;
//   - a number one byte per two significant digits (leading and trailing zeros
//     trimmed) plus one;
//   - a boolean or null one byte;
//   - a list or map three bytes plus, for each element, one byte and the
//     element's size (a map element's name included);
//   - a set the sum of its elements' sizes.
func valueSize(v types.AttributeValue) int {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return len(v.Value)
	case *types.AttributeValueMemberB:
		return len(v.Value)
	case *types.AttributeValueMemberN:
		return numberSize(v.Value)
	case *types.AttributeValueMemberBOOL, *types.AttributeValueMemberNULL:
		return 1
	case *types.AttributeValueMemberL:
		n := 3
		for _, e := range v.Value {
			n += 1 + valueSize(e)
		}
		return n
	case *types.AttributeValueMemberM:
		n := 3
		for name, e := range v.Value {
			n += 1 + len(name) + valueSize(e)
		}
		return n
	case *types.AttributeValueMemberSS:
		n := 0
		for _, s := range v.Value {
			n += len(s)
		}
		return n
	case *types.AttributeValueMemberNS:
		n := 0
		for _, s := range v.Value {
			n += numberSize(s)
		}
		return n
	case *types.AttributeValueMemberBS:
		n := 0
		for _, b := range v.Value {
			n += len(b)
		}
		return n
	}
	return 0
}

// numberSize is a number's size: its significant digits, two to a byte, plus
// one. "120000" has two ("12"), "0.050" one ("5"), "-3.25" three; an
// exponent is not a digit of the value.
func numberSize(s string) int {
	mantissa, _, _ := strings.Cut(strings.ToLower(s), "e")
	digits := strings.NewReplacer("-", "", "+", "", ".", "").Replace(mantissa)
	digits = strings.Trim(digits, "0")
	return (len(digits)+1)/2 + 1
}
