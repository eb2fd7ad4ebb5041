package intake

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"

	"github.com/putuo-compliance/intake/shared/forms"
)

// idempotencyPurpose names the key of the idempotency records among the
// server's keys (Service.Keys).
const idempotencyPurpose = "idempotency"

// requestDigests are what an idempotency record needs of a request. key, stored
// in place of the client's Idempotency-Key, names the record: it is scoped by
// the form and the firm's credit code, so one firm's key neither answers for
// nor blocks another's, and the client's own text never reaches the table.
// match, stored, tells a replay (same form, key and body) from a conflict;
// seal, never stored, is the key that seals the status token.
//
// All three are HMACs under a server key kept out of the table (package
// keyring): a table reader who rebuilds the body from the stored form and
// guesses the key still lacks it, so can neither open the token nor confirm a
// guess. Only the server, given the Idempotency-Key and the exact body again,
// can open it - which is the firm retrying a response it did not get.
type requestDigests struct {
	key         string
	match, seal []byte
}

// RecordKey is the name under which the store keeps the idempotency record of
// a firm's Idempotency-Key for a form: what an operator, or a test, looks the
// record up by.
func RecordKey(ctx context.Context, keys Keys, kind forms.Kind, creditCode, key string) (string, error) {
	d, err := digestRequest(ctx, keys, kind, creditCode, key, nil)
	return d.key, err
}

func (s *Service) digestRequest(ctx context.Context, kind forms.Kind, creditCode, key string, body []byte) (requestDigests, error) {
	return digestRequest(ctx, s.Keys, kind, creditCode, key, body)
}

func digestRequest(ctx context.Context, keys Keys, kind forms.Kind, creditCode, key string, body []byte) (requestDigests, error) {
	k, err := keys.Key(ctx, idempotencyPurpose)
	if err != nil {
		return requestDigests{}, fmt.Errorf("idempotency key: %w", err)
	}
	digest := func(purpose string, body []byte) []byte {
		h := hmac.New(sha256.New, k)
		// Each part is free of NUL bytes but the last, so the framing is
		// unambiguous: the credit code is checked, the key printable ASCII.
		for _, part := range []string{purpose, string(kind), creditCode, key} {
			h.Write([]byte(part))
			h.Write([]byte{0})
		}
		h.Write(body)
		return h.Sum(nil)
	}
	return requestDigests{
		key:   base64.RawURLEncoding.EncodeToString(digest("intake.idempotency.key.v1", nil)),
		match: digest("intake.idempotency.match.v4", body),
		seal:  digest("intake.idempotency.seal.v4", body),
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
