package app_test

import (
	"testing"
)

// BenchmarkStatusNotFound prints how long StatusFunction takes to answer each
// kind of 404 against moto, side by side: a reference that exists with a wrong
// token, one that does not exist, and one that cannot exist. They must be alike,
// or the time tells an outsider which references exist. The figures are printed,
// not asserted (timings are no test); TestStatusSameWork in package intake holds
// the three to the same work.
//
//	go test ./shared/app -run '^$' -bench StatusNotFound -benchtime 200x
func BenchmarkStatusNotFound(b *testing.B) {
	submit, _ := handler(b, "SubmitFunction")
	resp := submit(event(b, "submit-consultation.json"))
	if resp.StatusCode != 201 {
		b.Fatalf("submit: %d %s", resp.StatusCode, resp.Body)
	}
	known := decode[receipt](b, resp).Reference
	status, _ := handler(b, "StatusFunction")
	tests := []struct {
		name, reference string
	}{
		{"wrong-token", known},
		{"unknown", "C-2345-6789"},
		{"malformed", "not-a-reference"},
	}
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) {
			req := event(b, "status-unknown.json")
			req.PathParameters["reference"] = tt.reference
			req.Headers["x-status-token"] = "AAAAAAAAAAAAAAAAAAAAAA"
			for b.Loop() {
				if resp := status(req); resp.StatusCode != 404 {
					b.Fatalf("status %d", resp.StatusCode)
				}
			}
		})
	}
}
