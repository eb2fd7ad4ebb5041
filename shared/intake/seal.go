package intake

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"errors"
	"io"

	"github.com/putuo-compliance/intake/shared/forms"
)

// requestDigests are what an idempotency record needs of a request: match, stored,
// tells a replay (same form, key and body) from a conflict; seal, never stored,
// is the key that seals the status token. Both are hashes of the raw request, so
// knowing the stored match digest gives no way to the seal key: only a caller
// holding the key and the exact body can open the token again, and that caller
// could replay the request anyway.
type requestDigests struct {
	match, seal []byte
}

func digestRequest(kind forms.Kind, key string, body []byte) requestDigests {
	digest := func(purpose string) []byte {
		h := sha256.New()
		// Each part is free of NUL bytes but the last, so the framing is unambiguous.
		for _, part := range []string{purpose, string(kind), key} {
			h.Write([]byte(part))
			h.Write([]byte{0})
		}
		h.Write(body)
		return h.Sum(nil)
	}
	return requestDigests{
		match: digest("intake.idempotency.match.v2"),
		seal:  digest("intake.idempotency.seal.v2"),
	}
}

func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func sealToken(r io.Reader, token string, sealKey []byte) ([]byte, error) {
	gcm, err := newGCM(sealKey)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := io.ReadFull(r, nonce); err != nil {
		return nil, err
	}
	return gcm.Seal(nonce, nonce, []byte(token), nil), nil
}

func openToken(sealed, sealKey []byte) (string, error) {
	gcm, err := newGCM(sealKey)
	if err != nil {
		return "", err
	}
	if len(sealed) < gcm.NonceSize() {
		return "", errors.New("sealed token too short")
	}
	plain, err := gcm.Open(nil, sealed[:gcm.NonceSize()], sealed[gcm.NonceSize():], nil)
	if err != nil {
		return "", err
	}
	return string(plain), nil
}
