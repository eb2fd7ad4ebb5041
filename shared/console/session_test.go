package console

import (
	"strings"
	"testing"
)

// A session opens only with the id it was sealed under, unchanged.
func TestSeal(t *testing.T) {
	id, other := randomID(), randomID()
	s := session{Stage: stageSignedIn, IDToken: "header.claims.signature", Access: "access"}
	sealed, err := seal(id, s)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(sealed), "header.claims") || strings.Contains(string(sealed), "access") {
		t.Error("the sealed session shows its tokens")
	}
	if got, err := open(id, sealed); err != nil || got != s {
		t.Fatalf("open = %+v, %v", got, err)
	}
	tampered := append([]byte(nil), sealed...)
	tampered[len(tampered)-1] ^= 1
	for name, tt := range map[string]struct {
		id     string
		sealed []byte
	}{"another id": {other, sealed}, "tampered": {id, tampered}, "too short": {id, sealed[:5]}} {
		if _, err := open(tt.id, tt.sealed); err == nil {
			t.Errorf("%s: opened", name)
		}
	}
	if tableKey(id) == tableKey(other) || strings.Contains(tableKey(id), id) || !wellFormedID(id) || wellFormedID(id[1:]) {
		t.Error("table keys or ids are not what they should be")
	}
}
