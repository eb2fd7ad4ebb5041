package main

import "github.com/aws/aws-sdk-go-v2/service/sqs/types"

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
