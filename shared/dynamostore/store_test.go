package dynamostore_test

import (
	"context"
	"testing"

	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/storetest"
)

// The store contract, each part on a table of its own: Pending sees every
// pending submission of its table.
func TestStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) intake.StaffStore {
		tbl, err := deployTable(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return dynamostore.New(client, tbl)
	})
}
