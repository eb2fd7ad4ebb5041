// Package secrets reads the stack's secrets from Secrets Manager: the server
// secret (package keyring), the SMTP password (package smtpmail) and the
// console's OIDC client secret. Each is read at first use, not at cold start,
// and kept for the life of the container, so a request pays for the read once
// and a function that never needs the secret never reads it.
package secrets

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/putuo-compliance/intake/shared/apperr"
)

// GetSecretValue is the Secrets Manager operation a Secret calls: a client's
// method value (client.GetSecretValue), not the client, nor the client as an
// interface. Where reflect looks methods up by name (html/template,
// validator/v10) the linker keeps every exported method of every type an
// interface value can lead to: a client would link every Secrets Manager
// operation; a func value links this one.
type GetSecretValue func(ctx context.Context, in *secretsmanager.GetSecretValueInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)

// Secret is one secret's string value. It is safe for concurrent use.
type Secret struct {
	get GetSecretValue
	id  string
	key string // a JSON object's member to take; "" takes the string whole

	mu    sync.Mutex
	value string
	kept  bool
}

// New returns the secret id (a name or an ARN), whose value is its string.
// Nothing is read until the first Value.
func New(get GetSecretValue, id string) *Secret {
	return &Secret{get: get, id: id}
}

// KeyValue returns the secret id whose value is its string or, when that is a
// JSON object (as the console's "key/value pairs" form writes a secret), the
// object's member key.
func KeyValue(get GetSecretValue, id, key string) *Secret {
	return &Secret{get: get, id: id, key: key}
}

// Value returns the secret's value, read at the first call and kept after.
// A failed read is not kept, so the next call tries again: Secrets Manager
// out of reach is an apperr.ErrUnavailable; a secret without a string, or
// without the member asked for, an internal error.
func (s *Secret) Value(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.kept {
		return s.value, nil
	}
	out, err := s.get(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(s.id)})
	if err != nil {
		return "", apperr.Unavailable(err)
	}
	if out.SecretString == nil {
		return "", errors.New("the secret has no string value")
	}
	v := *out.SecretString
	if s.key != "" && strings.HasPrefix(strings.TrimSpace(v), "{") {
		var kv map[string]any
		member, ok := "", false
		if json.Unmarshal([]byte(v), &kv) == nil {
			member, ok = kv[s.key].(string)
		}
		if !ok || member == "" {
			return "", fmt.Errorf("the secret is a JSON object without a %q", s.key)
		}
		v = member
	}
	s.value, s.kept = v, true
	return v, nil
}

// Forget drops the kept value, so that the next Value reads the secret again:
// for a caller told the value is no longer good (the operator rotated it).
func (s *Secret) Forget() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.value, s.kept = "", false
}
