package smtpmail

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/putuo-compliance/intake/shared/apperr"
)

// SecretsAPI is the part of the Secrets Manager client the password needs.
type SecretsAPI interface {
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

// SecretsManagerPassword reads the password from the secret id (a name or an
// ARN; the template's SmtpPasswordSecretArn), which the operator creates: its
// string is the password, or, as the console's key/value form writes it, a
// JSON object whose "password" it is.
func SecretsManagerPassword(api SecretsAPI, id string) Password {
	return func(ctx context.Context) (string, error) {
		out, err := api.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(id)})
		if err != nil {
			return "", apperr.Unavailable(err)
		}
		s := aws.ToString(out.SecretString)
		if strings.HasPrefix(strings.TrimSpace(s), "{") {
			var kv struct {
				Password string `json:"password"`
			}
			if err := json.Unmarshal([]byte(s), &kv); err != nil || kv.Password == "" {
				return "", errors.New("the secret is a JSON object without a \"password\"")
			}
			return kv.Password, nil
		}
		return s, nil
	}
}
