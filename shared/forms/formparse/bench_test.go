package formparse

import (
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/forms"
)

func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		New(time.Now)
	}
}

func BenchmarkParse(b *testing.B) {
	benchmarks := []struct {
		name string
		kind forms.Kind
		file string
	}{
		{"consultation", forms.KindConsultation, "consultation.json"},
		{"training", forms.KindTraining, "training.json"},
		{"consultation-invalid", forms.KindConsultation, "consultation.json"},
	}
	for _, bm := range benchmarks {
		b.Run(bm.name, func(b *testing.B) {
			body := fixture(b, bm.file)
			if bm.name == "consultation-invalid" {
				body = edit(b, bm.file, map[string]any{"company.creditCode": "91310107MA1G8K3Q34", "contact.mobile": "138", "extra": 1})
			}
			p := newTestParser()
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				_, _ = p.Parse(bm.kind, body, forms.ZH)
			}
		})
	}
}

// BenchmarkFirstParse is what a cold Lambda pays for its first request: building
// the parser and the validator's lazily built caches.
func BenchmarkFirstParse(b *testing.B) {
	body := fixture(b, "consultation.json")
	b.ReportAllocs()
	for b.Loop() {
		_, _ = newTestParser().Parse(forms.KindConsultation, body, forms.ZH)
	}
}
