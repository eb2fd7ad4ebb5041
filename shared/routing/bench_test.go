package routing_test

import (
	"testing"

	"github.com/putuo-compliance/intake/shared/routing"
)

// BenchmarkDefault is what a cold start pays to read the embedded rules.
func BenchmarkDefault(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		routing.Default()
	}
}

// BenchmarkRoute routes a fact set that matches one of the last rules, the
// slowest case of first-match routing.
func BenchmarkRoute(b *testing.B) {
	rules := routing.Default()
	facts := routing.Facts{Kind: "training", PrimaryTopic: "industry-self-regulation"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rules.Route(facts); err != nil {
			b.Fatal(err)
		}
	}
}
