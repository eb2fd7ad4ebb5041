// Package keyring holds the stack's server-side keys. They all come from one
// secret that lives in Secrets Manager (template.yaml's ServerSecret), never in
// the table, a template parameter or an environment variable: a function reads
// it once per container, at first use, and derives from it one key for each
// purpose. Whoever can read the table alone - another function's role, a
// point-in-time restore, an export - holds none of the keys, so nothing the
// table keeps under them (sealed status tokens, scoped Idempotency-Keys, the
// counters' hashed addresses) can be opened, reversed or forged.
package keyring

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"sync"
)

// MinSecret is the least length of the secret, in bytes. The template generates
// 64 letters and digits (about 380 bits).
const MinSecret = 32

// Keyring derives keys from the secret, which it fetches on the first Key call
// and keeps, checked, for the life of the container; a rotated server secret
// therefore takes effect in new containers only (a rotation is planned work
// anyway: tokens sealed under the old keys no longer open). A failed fetch is
// not kept: the next call tries again. It is safe for concurrent use.
type Keyring struct {
	fetch func(context.Context) (string, error)

	mu     sync.Mutex
	secret []byte
}

// New returns a Keyring whose secret fetch gives: in a function,
// secrets.New(client.GetSecretValue, id).Value, the secret in Secrets Manager.
func New(fetch func(context.Context) (string, error)) *Keyring {
	return &Keyring{fetch: fetch}
}

// Static returns a Keyring of a secret the caller already holds: tests and
// local tools.
func Static(secret string) *Keyring {
	return New(func(context.Context) (string, error) { return secret, nil })
}

// Key returns the key for purpose: HMAC-SHA256 of the purpose under the
// secret, 32 bytes. Keys of different purposes are independent, so one use of
// a key can never be turned into another. A secret that cannot be fetched is
// an apperr.ErrUnavailable; one that is too short, an internal error.
func (k *Keyring) Key(ctx context.Context, purpose string) ([]byte, error) {
	secret, err := k.load(ctx)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("intake.keyring.v1\x00" + purpose))
	return m.Sum(nil), nil
}

func (k *Keyring) load(ctx context.Context) ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.secret != nil {
		return k.secret, nil
	}
	s, err := k.fetch(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the server secret: %w", err)
	}
	if len(s) < MinSecret {
		return nil, fmt.Errorf("the server secret has %d bytes, want %d or more", len(s), MinSecret)
	}
	k.secret = []byte(s)
	return k.secret, nil
}
