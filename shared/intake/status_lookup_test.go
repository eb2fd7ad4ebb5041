package intake_test

import (
	"context"
	"errors"
	"testing"

	"github.com/putuo-compliance/intake/shared/apperr"
)

// A lookup that cannot match - a reference that is none, or no token - is
// answered not found without asking the store: a store that is down then
// still gives the firm its 404, not a 503.
func TestStatusRefusedBeforeTheStore(t *testing.T) {
	tests := []struct {
		name, reference, token string
	}{
		{"malformed reference", "../../etc", "AAAAAAAAAAAAAAAAAAAAAA"},
		{"empty reference", "", "AAAAAAAAAAAAAAAAAAAAAA"},
		{"no token", "C-2222-2222", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, store, _ := newService()
			store.Fail = apperr.Unavailable(errors.New("dynamodb down"))
			_, err := svc.Status(context.Background(), tt.reference, tt.token)
			if !errors.Is(err, apperr.ErrNotFound) {
				t.Fatalf("Status(%q, %q) = %v, want ErrNotFound without asking the store", tt.reference, tt.token, err)
			}
		})
	}
}
