package intaketest_test

import (
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/intaketest"
	"github.com/putuo-compliance/intake/shared/intake/storetest"
)

// The fake keeps the store contract, so that what the domain's tests learn from
// it holds for dynamostore too.
func TestStoreContract(t *testing.T) {
	storetest.Run(t, func(*testing.T) intake.StaffStore {
		s := intaketest.NewStore()
		s.Now = time.Now
		return s
	})
}

func TestCounterContract(t *testing.T) {
	storetest.RunCounter(t, func(*testing.T) intake.Counter { return intaketest.NewStore() })
}
