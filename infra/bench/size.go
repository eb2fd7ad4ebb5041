package main

import (
	"strings"

	ddb "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// itemSize is an item's size as DynamoDB bills it: the UTF-8 bytes of each
// attribute name and value; a number about one byte per two significant digits
// plus one; a boolean or null one byte; a list or map three bytes plus one per
// element besides the elements themselves.
func itemSize(item map[string]ddb.AttributeValue) int {
	n := 0
	for name, v := range item {
		n += len(name) + valueSize(v)
	}
	return n
}

func valueSize(v ddb.AttributeValue) int {
	switch v := v.(type) {
	case *ddb.AttributeValueMemberS:
		return len(v.Value)
	case *ddb.AttributeValueMemberN:
		digits := len(strings.TrimLeft(strings.NewReplacer("-", "", ".", "").Replace(v.Value), "0"))
		return (digits+1)/2 + 1
	case *ddb.AttributeValueMemberB:
		return len(v.Value)
	case *ddb.AttributeValueMemberBOOL, *ddb.AttributeValueMemberNULL:
		return 1
	case *ddb.AttributeValueMemberL:
		n := 3
		for _, e := range v.Value {
			n += 1 + valueSize(e)
		}
		return n
	case *ddb.AttributeValueMemberM:
		n := 3
		for k, e := range v.Value {
			n += 1 + len(k) + valueSize(e)
		}
		return n
	case *ddb.AttributeValueMemberSS:
		n := 0
		for _, s := range v.Value {
			n += len(s)
		}
		return n
	}
	return 0
}

// messageSize is a message's billed size: its body and, for each attribute, its
// name, data type and value.
func messageSize(m types.Message) int {
	n := 0
	if m.Body != nil {
		n += len(*m.Body)
	}
	for name, a := range m.MessageAttributes {
		n += len(name)
		if a.DataType != nil {
			n += len(*a.DataType)
		}
		if a.StringValue != nil {
			n += len(*a.StringValue)
		}
	}
	return n
}
