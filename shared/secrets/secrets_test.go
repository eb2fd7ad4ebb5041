package secrets_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/infra/local/moto"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/secrets"
)

var motoURL string

func TestMain(m *testing.M) {
	srv, err := moto.Start(context.Background(), 0)
	if err != nil {
		println("secrets tests need moto_server:", err.Error())
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

var nextName atomic.Int32

// create makes a secret of a name of its own and returns its name and ARN.
func create(t *testing.T, sm *secretsmanager.Client, in secretsmanager.CreateSecretInput) (name, arn string) {
	t.Helper()
	in.Name = aws.String(fmt.Sprintf("secrets-test-%d", nextName.Add(1)))
	out, err := sm.CreateSecret(context.Background(), &in)
	if err != nil {
		t.Fatal(err)
	}
	return *in.Name, *out.ARN
}

// A secret is read by name or ARN; a key/value secret gives its member, or
// its string when that is no JSON object.
func TestValue(t *testing.T) {
	sm := client(motoURL)
	tests := []struct {
		name    string
		give    string
		key     string
		want    string
		wantErr bool
	}{
		{name: "whole", give: "relay-Pass-2026", want: "relay-Pass-2026"},
		{name: "whole, JSON kept as it is", give: `{"password":"x"}`, want: `{"password":"x"}`},
		{name: "key/value, plain string", give: "relay-Pass-2026", key: "password", want: "relay-Pass-2026"},
		{name: "key/value", give: `{"username":"intake","password":"relay-Pass-2026"}`, key: "password", want: "relay-Pass-2026"},
		{name: "key/value without the key", give: `{"pass":"x"}`, key: "password", wantErr: true},
		{name: "key/value, key not a string", give: `{"password":7}`, key: "password", wantErr: true},
		{name: "key/value, key empty", give: `{"password":""}`, key: "password", wantErr: true},
		{name: "key/value, not JSON after all", give: `{"password":`, key: "password", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, arn := create(t, sm, secretsmanager.CreateSecretInput{SecretString: aws.String(tt.give)})
			for _, id := range []string{name, arn} {
				s := secrets.New(sm.GetSecretValue, id)
				if tt.key != "" {
					s = secrets.KeyValue(sm.GetSecretValue, id, tt.key)
				}
				got, err := s.Value(context.Background())
				if (err != nil) != tt.wantErr || got != tt.want {
					t.Errorf("Value via %s = %q, %v; want %q (error %v)", id, got, err, tt.want, tt.wantErr)
				}
				if err != nil && apperr.KindOf(err) != apperr.KindInternal {
					t.Errorf("err = %v, want an internal error", err)
				}
			}
		})
	}
}

// A binary secret has no string to give.
func TestValueBinary(t *testing.T) {
	sm := client(motoURL)
	name, _ := create(t, sm, secretsmanager.CreateSecretInput{SecretBinary: []byte{1, 2, 3}})
	if got, err := secrets.New(sm.GetSecretValue, name).Value(context.Background()); err == nil || apperr.KindOf(err) != apperr.KindInternal {
		t.Errorf("Value = %q, %v; want an internal error", got, err)
	}
}

// The value is read once and kept: a change in Secrets Manager is seen only
// after Forget.
func TestValueKeptUntilForget(t *testing.T) {
	ctx := context.Background()
	sm := client(motoURL)
	name, _ := create(t, sm, secretsmanager.CreateSecretInput{SecretString: aws.String("first")})
	s := secrets.New(sm.GetSecretValue, name)
	if got, err := s.Value(ctx); err != nil || got != "first" {
		t.Fatalf("Value = %q, %v", got, err)
	}
	if _, err := sm.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: &name, SecretString: aws.String("rotated")}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Value(ctx); err != nil || got != "first" {
		t.Errorf("second Value = %q, %v; want the kept %q", got, err, "first")
	}
	s.Forget()
	if got, err := s.Value(ctx); err != nil || got != "rotated" {
		t.Errorf("Value after Forget = %q, %v; want %q", got, err, "rotated")
	}
}

// A failed read is a passing failure (503) and is not kept: the next call
// reads again.
func TestValueFailureNotKept(t *testing.T) {
	ctx := context.Background()
	if _, err := secrets.New(client(localtest.ClosedURL(t)).GetSecretValue, "any").Value(ctx); !errors.Is(err, apperr.ErrUnavailable) {
		t.Errorf("unreachable: err = %v, want ErrUnavailable", err)
	}
	sm := client(motoURL)
	name := fmt.Sprintf("secrets-test-late-%d", nextName.Add(1))
	s := secrets.New(sm.GetSecretValue, name)
	if _, err := s.Value(ctx); err == nil {
		t.Fatal("a secret not yet created was read")
	}
	if _, err := sm.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: &name, SecretString: aws.String("late")}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Value(ctx); err != nil || got != "late" {
		t.Errorf("Value once created = %q, %v; want %q", got, err, "late")
	}
}
