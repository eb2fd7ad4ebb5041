package provision

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

// LocalSecret is the local stack's server secret (shared/keyring), in place of
// the value CloudFormation generates (GenerateSecretString): fixed, public and
// for local use only, so that the sample events' CSRF tokens (events/) stay good
// from one make run to the next.
const LocalSecret = "local-only-server-secret-not-a-secret-0123456789"

// createSecret creates an AWS::SecretsManager::Secret holding LocalSecret, or
// reuses the one a previous Deploy made. Ref gives its ARN, as in
// CloudFormation.
func (s *Stack) createSecret(ctx context.Context, id string, p map[string]any) error {
	name, _ := p["Name"].(string)
	if name == "" {
		name = s.Name + "-" + id
	}
	in := &secretsmanager.CreateSecretInput{Name: &name, SecretString: aws.String(LocalSecret)}
	if key, _ := p["KmsKeyId"].(string); key != "" {
		in.KmsKeyId = &key
	}
	var arn string
	out, err := s.sm.CreateSecret(ctx, in)
	var exists *smtypes.ResourceExistsException
	switch {
	case errors.As(err, &exists):
		d, err := s.sm.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: &name})
		if err != nil {
			return err
		}
		arn = *d.ARN
	case err != nil:
		return err
	default:
		arn = *out.ARN
	}
	s.refs[id] = arn
	s.attrs[id] = map[string]string{"Id": arn}
	return nil
}
