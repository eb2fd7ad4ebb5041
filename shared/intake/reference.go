package intake

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"io"
	"math/big"
	"strings"

	"github.com/putuo-compliance/intake/shared/forms"
)

// referenceAlphabet has no look-alike characters: no 0/O, 1/I/L, U/V.
const referenceAlphabet = "23456789ABCDEFGHJKMNPQRSTWXYZ"

// A reference is a kind letter and 8 characters in two groups, e.g. C-7K3Q-9MX2:
// short enough to read over the phone, 29^8 (about 5*10^11) values, so guessing one
// is impractical - and a reference alone shows nothing without its status token.
const referenceLen = 8

var kindLetter = map[forms.Kind]byte{forms.KindConsultation: 'C', forms.KindTraining: 'T'}

func newReference(r io.Reader, kind forms.Kind) (string, error) {
	var b strings.Builder
	b.WriteByte(kindLetter[kind])
	max := big.NewInt(int64(len(referenceAlphabet)))
	for i := range referenceLen {
		if i%4 == 0 {
			b.WriteByte('-')
		}
		n, err := rand.Int(r, max)
		if err != nil {
			return "", fmt.Errorf("new reference: %w", err)
		}
		b.WriteByte(referenceAlphabet[n.Int64()])
	}
	return b.String(), nil
}

// NormalizeReference accepts a reference as people type it - lower case, spaces,
// missing dashes - and returns its canonical form, or false if it cannot be one.
func NormalizeReference(s string) (string, bool) {
	var chars []byte
	for _, c := range []byte(strings.ToUpper(s)) {
		if c != '-' && c != ' ' {
			chars = append(chars, c)
		}
	}
	if len(chars) != 1+referenceLen || (chars[0] != 'C' && chars[0] != 'T') {
		return "", false
	}
	for _, c := range chars[1:] {
		if !strings.ContainsRune(referenceAlphabet, rune(c)) {
			return "", false
		}
	}
	return fmt.Sprintf("%c-%s-%s", chars[0], chars[1:5], chars[5:]), true
}

// LoggedReference is what a log or an error may show of a reference that came
// from a client: the reference itself when it is one, in its canonical form,
// else a fixed description. A client can put anything in a path segment (a
// token, a phone number), and that must not reach the logs.
func LoggedReference(s string) string {
	if ref, ok := NormalizeReference(s); ok && ref == s {
		return ref
	}
	return "(not a reference)"
}

// tokenBytes is the status token's entropy: 128 bits.
const tokenBytes = 16

func newToken(r io.Reader) (string, error) {
	b := make([]byte, tokenBytes)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", fmt.Errorf("new status token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// hashToken is what the store keeps of a status token. The token has 128 random
// bits, so a plain SHA-256 suffices; no salt or stretching is needed.
func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// tokenMatches compares in constant time.
func tokenMatches(token string, hash []byte) bool {
	return subtle.ConstantTimeCompare(hashToken(token), hash) == 1
}
