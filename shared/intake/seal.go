package intake

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"

	"github.com/putuo-compliance/intake/shared/forms"
)

// idempotencyPurpose names the key of the idempotency records among the
// server's keys (Service.Keys).
const idempotencyPurpose = "idempotency"

// requestDigests are what an idempotency record needs of a request: match, stored,
// tells a replay (same form, key and body) from a conflict; seal, never stored,
// is the key that seals the status token. Both are HMACs of the raw request
// under a server key, which is kept out of the table (package keyring): a table
// reader who rebuilds the body from the stored form and knows the key still
// lacks it, so can neither open the token nor confirm a guess. Only the server,
// given the Idempotency-Key and the exact body again, can open it - which is
// the firm retrying a response it did not get.
type requestDigests struct {
	match, seal []byte
}

func (s *Service) digestRequest(ctx context.Context, kind forms.Kind, key string, body []byte) (requestDigests, error) {
	k, err := s.Keys.Key(ctx, idempotencyPurpose)
	if err != nil {
		return requestDigests{}, fmt.Errorf("idempotency key: %w", err)
	}
	digest := func(purpose string) []byte {
		h := hmac.New(sha256.New, k)
		// Each part is free of NUL bytes but the last, so the framing is unambiguous.
		for _, part := range []string{purpose, string(kind), key} {
			h.Write([]byte(part))
			h.Write([]byte{0})
		}
		h.Write(body)
		return h.Sum(nil)
	}
	return requestDigests{
		match: digest("intake.idempotency.match.v3"),
		seal:  digest("intake.idempotency.seal.v3"),
	}, nil
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
