package httpapi_test

import (
	"context"
	"testing"
)

// BenchmarkSubmit is the edge and the domain without I/O: decode the event,
// parse and validate the form, route, encode the stored form and the receipt,
// against in-memory store and queue.
func BenchmarkSubmit(b *testing.B) {
	e := newEnv()
	req := loadEvent(b, "submit-consultation.json")
	b.ReportAllocs()
	for b.Loop() {
		if resp, err := e.submit(context.Background(), req); err != nil || resp.StatusCode != 201 {
			b.Fatalf("%d %v", resp.StatusCode, err)
		}
	}
}

// BenchmarkSubmitInvalid is a refused form: validation and the error's encoding.
func BenchmarkSubmitInvalid(b *testing.B) {
	e := newEnv()
	req := loadEvent(b, "submit-consultation-invalid.json")
	b.ReportAllocs()
	for b.Loop() {
		if resp, _ := e.submit(context.Background(), req); resp.StatusCode != 400 {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}
