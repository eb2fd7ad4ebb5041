package dynamostore

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The worked rules of "DynamoDB item sizes and formats" (Developer Guide).
func TestItemSize(t *testing.T) {
	tests := []struct {
		name string
		give map[string]types.AttributeValue
		want int
	}{
		{"empty item", map[string]types.AttributeValue{}, 0},
		{"string: name and UTF-8 bytes", map[string]types.AttributeValue{"n": str("张三")}, 1 + 6},
		{"empty string", map[string]types.AttributeValue{"n": str("")}, 1},
		{"binary: raw bytes", map[string]types.AttributeValue{"th": &types.AttributeValueMemberB{Value: make([]byte, 32)}}, 2 + 32},
		{"number: two digits a byte, plus one", map[string]types.AttributeValue{"v": num(12345)}, 1 + 3 + 1},
		{"number: leading and trailing zeros trimmed", map[string]types.AttributeValue{"x": &types.AttributeValueMemberN{Value: "120000"}}, 1 + 1 + 1},
		{"number: a fraction", map[string]types.AttributeValue{"x": &types.AttributeValueMemberN{Value: "-0.050"}}, 1 + 1 + 1},
		{"number: Unix nanoseconds", map[string]types.AttributeValue{"ts": &types.AttributeValueMemberN{Value: "1795687200123456789"}}, 2 + 10 + 1},
		{"boolean and null", map[string]types.AttributeValue{"u": boolean(true), "z": &types.AttributeValueMemberNULL{Value: true}}, 2 + 2},
		{"empty list", map[string]types.AttributeValue{"h": &types.AttributeValueMemberL{}}, 1 + 3},
		{"list: 3 bytes, and 1 an element", map[string]types.AttributeValue{"h": &types.AttributeValueMemberL{Value: []types.AttributeValue{str("ab"), boolean(false)}}}, 1 + 3 + (1 + 2) + (1 + 1)},
		{"map: its elements' names count", map[string]types.AttributeValue{"cl": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"b": str("staff-1")}}}, 2 + 3 + 1 + 1 + 7},
		{"sets: the sum of the elements", map[string]types.AttributeValue{
			"ss": &types.AttributeValueMemberSS{Value: []string{"a", "bc"}},
			"ns": &types.AttributeValueMemberNS{Value: []string{"1", "100"}},
			"bs": &types.AttributeValueMemberBS{Value: [][]byte{{1, 2}}},
		}, 2 + 3 + 2 + (2 + 2) + 2 + 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ItemSize(tt.give); got != tt.want {
				t.Errorf("ItemSize = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestWriteUnits(t *testing.T) {
	tests := []struct{ give, want int }{{0, 1}, {1, 1}, {1023, 1}, {1024, 1}, {1025, 2}, {2048, 2}, {2049, 3}}
	for _, tt := range tests {
		if got := WriteUnits(tt.give); got != tt.want {
			t.Errorf("WriteUnits(%d) = %d, want %d", tt.give, got, tt.want)
		}
	}
}
