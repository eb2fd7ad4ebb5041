package keyring_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/infra/local/moto"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/keyring"
	"github.com/putuo-compliance/intake/shared/secrets"
)

const secret = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZab"

var motoURL string

func TestMain(m *testing.M) {
	srv, err := moto.Start(context.Background(), 0)
	if err != nil {
		println("keyring tests need moto_server:", err.Error())
		os.Exit(1)
	}
	motoURL = srv.URL
	code := m.Run()
	srv.Stop()
	os.Exit(code)
}

func client(url string) *secretsmanager.Client {
	return secretsmanager.NewFromConfig(aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(url),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	})
}

// The secret is read once per container, at the first Key, and every purpose
// gets a key of its own that neither is the secret nor gives away another.
func TestKeyReadsOnceAndDerivesPerPurpose(t *testing.T) {
	fetches := 0
	k := keyring.New(func(context.Context) (string, error) { fetches++; return secret, nil })
	if fetches != 0 {
		t.Fatal("fetched before the first Key")
	}
	ctx := context.Background()
	a, err := k.Key(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	a2, _ := k.Key(ctx, "a")
	b, _ := k.Key(ctx, "b")
	if fetches != 1 {
		t.Errorf("fetched %d times, want once", fetches)
	}
	if len(a) != 32 || !bytes.Equal(a, a2) || bytes.Equal(a, b) || bytes.Contains([]byte(secret), a) {
		t.Errorf("keys a=%x a'=%x b=%x", a, a2, b)
	}
	other, _ := keyring.Static(strings.ToUpper(secret)).Key(ctx, "a")
	if bytes.Equal(a, other) {
		t.Error("another secret gives the same key")
	}
}

// A failed read is a passing failure (503) and is not kept: the next request
// tries again. A secret too short to be a key is refused.
func TestKeyFailures(t *testing.T) {
	ctx := context.Background()
	down := errors.New("down")
	fail := true
	k := keyring.New(func(context.Context) (string, error) {
		if fail {
			return "", apperr.Unavailable(down)
		}
		return secret, nil
	})
	if _, err := k.Key(ctx, "a"); !errors.Is(err, apperr.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	fail = false
	if _, err := k.Key(ctx, "a"); err != nil {
		t.Fatalf("after recovery: %v", err)
	}
	if _, err := keyring.Static("short").Key(ctx, "a"); err == nil || apperr.KindOf(err) != apperr.KindInternal {
		t.Fatalf("short secret: err = %v, want an internal error", err)
	}
}

// Against Secrets Manager (moto), as the functions wire it: by name or ARN;
// an unreachable endpoint is ErrUnavailable.
func TestSecretsManager(t *testing.T) {
	ctx := context.Background()
	sm := client(motoURL)
	out, err := sm.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("keyring-test"), SecretString: aws.String(secret)})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := keyring.Static(secret).Key(ctx, "p")
	for _, id := range []string{"keyring-test", *out.ARN} {
		got, err := keyring.New(secrets.New(sm.GetSecretValue, id).Value).Key(ctx, "p")
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("Key via %s = %x, %v; want %x", id, got, err, want)
		}
	}
	if _, err := keyring.New(secrets.New(client(localtest.ClosedURL(t)).GetSecretValue, "keyring-test").Value).Key(ctx, "p"); !errors.Is(err, apperr.ErrUnavailable) {
		t.Errorf("unreachable: err = %v, want ErrUnavailable", err)
	}
}
