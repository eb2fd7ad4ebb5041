package httpedge_test

import (
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// A client's correlation id is kept when every character is one of
// [A-Za-z0-9._-], the ends of each range included; any other character, the
// neighbours of those ranges among them, gives the request id instead.
func TestCorrelationIDCharacters(t *testing.T) {
	tests := []struct {
		give string
		want bool // kept
	}{
		{"az", true},
		{"AZ", true},
		{"09", true},
		{"a.z_A-Z.0_9", true},
		{"a`", false}, // 0x60, before a
		{"z{", false}, // 0x7b, after z
		{"A@", false}, // before A
		{"Z[", false}, // after Z
		{"0/", false}, // before 0
		{"9:", false}, // after 9
		{"id+1", false},
		{"id 1", false},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			ev := events.APIGatewayV2HTTPRequest{Headers: map[string]string{"x-correlation-id": tt.give}}
			ev.RequestContext.RequestID = "req-1"
			r, _ := start(t, ev)
			want := "req-1"
			if tt.want {
				want = tt.give
			}
			if r.CorrelationID != want {
				t.Errorf("CorrelationID %q, want %q", r.CorrelationID, want)
			}
		})
	}
}
