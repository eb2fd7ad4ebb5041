package logging_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/logging"
)

func TestEntryCarriesRequestID(t *testing.T) {
	var buf bytes.Buffer
	log := logging.New(&buf, "debug")
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "req-1"})
	ctx, _ = logging.Start(ctx, log, logrus.Fields{"correlationId": "c-1"})
	ctx, _ = logging.With(ctx, logrus.Fields{"reference": "C-2345-6789"})
	logging.From(ctx).Info("stored")

	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatalf("not one JSON line: %q", buf.String())
	}
	want := map[string]any{"requestId": "req-1", "correlationId": "c-1", "reference": "C-2345-6789", "message": "stored", "level": "info"}
	for k, v := range want {
		if line[k] != v {
			t.Errorf("%s = %v, want %v", k, line[k], v)
		}
	}
}

func TestFromWithoutEntry(t *testing.T) {
	logging.From(context.Background()).Info("dropped") // must not panic
}

func TestLevel(t *testing.T) {
	tests := []struct {
		give string
		want logrus.Level
	}{{"debug", logrus.DebugLevel}, {"warn", logrus.WarnLevel}, {"", logrus.InfoLevel}, {"nonsense", logrus.InfoLevel}}
	for _, tt := range tests {
		if got := logging.New(&bytes.Buffer{}, tt.give).GetLevel(); got != tt.want {
			t.Errorf("New(%q) level %v, want %v", tt.give, got, tt.want)
		}
	}
}
