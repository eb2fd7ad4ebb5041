package forms_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/putuo-compliance/intake/shared/forms"
)

// published pins each published wording: a firm agreed to exactly this text
// under its version, so it may never change. A new text is a new version.
var published = map[string]string{
	"2026-11": "6abc4af2f4348259",
	"2026-12": "61d66024231bc455",
}

func digest(w forms.ConsentWording) string {
	h := sha256.New()
	for _, s := range []string{w.Version, w.Notice.ZH, w.Notice.EN, w.Box.ZH, w.Box.EN} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

func TestConsentWordings(t *testing.T) {
	seen := map[string]bool{}
	for _, w := range forms.ConsentWordings {
		if seen[w.Version] {
			t.Errorf("version %s published twice", w.Version)
		}
		seen[w.Version] = true
		if w.Version == "" || w.Notice.ZH == "" || w.Notice.EN == "" || w.Box.ZH == "" || w.Box.EN == "" {
			t.Errorf("wording %s lacks a text in one language", w.Version)
		}
		if got, ok := forms.ConsentWordingOf(w.Version); !ok || got != w {
			t.Errorf("ConsentWordingOf(%s) = %v, %v", w.Version, got, ok)
		}
		if pin, ok := published[w.Version]; !ok || pin != digest(w) {
			t.Errorf("wording %s is %s, pinned %q: a published wording never changes (publish a new version instead, and pin it here)", w.Version, digest(w), pin)
		}
	}
	if len(seen) != len(published) {
		t.Errorf("%d wordings, %d pinned: a published wording is never removed", len(seen), len(published))
	}
	if _, ok := forms.ConsentWordingOf("1999-01"); ok {
		t.Error("an unpublished version is known")
	}
	if forms.CurrentConsent() != forms.ConsentWordings[len(forms.ConsentWordings)-1] {
		t.Error("the current wording is not the last published")
	}
}
