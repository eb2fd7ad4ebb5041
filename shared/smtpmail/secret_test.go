package smtpmail_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/smtpmail"
)

type fakeSecrets struct {
	value string
	err   error
	asked string
}

func (f *fakeSecrets) GetSecretValue(_ context.Context, in *secretsmanager.GetSecretValueInput, _ ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error) {
	f.asked = aws.ToString(in.SecretId)
	return &secretsmanager.GetSecretValueOutput{SecretString: aws.String(f.value)}, f.err
}

func TestSecretsManagerPassword(t *testing.T) {
	tests := []struct {
		name     string
		give     fakeSecrets
		want     string
		wantErr  bool
		wantKind error
	}{
		{name: "plain", give: fakeSecrets{value: "relay-Pass-2026"}, want: "relay-Pass-2026"},
		{name: "key and value", give: fakeSecrets{value: `{"username":"intake","password":"relay-Pass-2026"}`}, want: "relay-Pass-2026"},
		{name: "key and value without a password", give: fakeSecrets{value: `{"pass":"x"}`}, wantErr: true},
		{name: "unreachable", give: fakeSecrets{err: errors.New("dial tcp: refused")}, wantErr: true, wantKind: apperr.ErrUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := tt.give
			got, err := smtpmail.SecretsManagerPassword(&api, "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:smtp-AbCdEf")(context.Background())
			if (err != nil) != tt.wantErr || (tt.wantKind != nil && !errors.Is(err, tt.wantKind)) || got != tt.want {
				t.Errorf("got %q, %v; want %q (error %v)", got, err, tt.want, tt.wantErr)
			}
			if api.asked != "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:smtp-AbCdEf" {
				t.Errorf("asked for %q", api.asked)
			}
		})
	}
}
