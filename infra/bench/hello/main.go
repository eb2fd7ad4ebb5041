// Command hello is the cold-start baseline of make bench: the smallest
// aws-lambda-go function, built exactly as the real functions are, so that the
// ratio of their init times to its own shows what our code adds.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	lambda.Start(func(context.Context, map[string]any) (string, error) { return "hello", nil })
}
