package intake

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"errors"
	"io"
)

// sealKey derives the key that seals a status token in an idempotency record from
// the Idempotency-Key and the body's hash: only a caller who sends that same key
// with that same body can open it (see Idempotency).
func sealKey(idemKey string, bodyHash []byte) []byte {
	h := sha256.New()
	h.Write([]byte("intake.idempotency.v1\x00"))
	h.Write([]byte(idemKey))
	h.Write([]byte{0})
	h.Write(bodyHash)
	return h.Sum(nil)
}

func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func sealToken(r io.Reader, token, idemKey string, bodyHash []byte) ([]byte, error) {
	gcm, err := newGCM(sealKey(idemKey, bodyHash))
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := io.ReadFull(r, nonce); err != nil {
		return nil, err
	}
	return gcm.Seal(nonce, nonce, []byte(token), nil), nil
}

func openToken(sealed []byte, idemKey string, bodyHash []byte) (string, error) {
	gcm, err := newGCM(sealKey(idemKey, bodyHash))
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
