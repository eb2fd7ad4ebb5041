package dynamostore

// The table's names and keys for the external tests that read raw items
// (retention, counters, erasure): store.go's, not spelled again.
const (
	AttrKind        = attrKind
	AttrAgency      = attrAgency
	AttrSubmittedAt = attrSubmittedAt
	AttrRedactedAt  = attrRedactedAt
	AttrConsent     = attrConsent
	AttrClaim       = attrClaim
	AttrCount       = attrCount
	AttrExpiresAt   = attrExpiresAt
)

var CounterKey = counterKey
