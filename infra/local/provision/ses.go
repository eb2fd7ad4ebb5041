package provision

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	sestypes "github.com/aws/aws-sdk-go-v2/service/sesv2/types"
)

// createEmailIdentity creates an AWS::SES::EmailIdentity. moto treats every
// identity it knows as verified, so mail from it is accepted and kept, where the
// real SES would first wait for the owner to confirm it. An empty identity (the
// template's way of turning e-mail off) creates nothing.
func (s *Stack) createEmailIdentity(ctx context.Context, id string, p map[string]any) error {
	identity, _ := p["EmailIdentity"].(string)
	if identity == "" {
		return nil
	}
	_, err := s.ses.CreateEmailIdentity(ctx, &sesv2.CreateEmailIdentityInput{EmailIdentity: &identity})
	var exists *sestypes.AlreadyExistsException
	if err != nil && !errors.As(err, &exists) {
		return err
	}
	s.refs[id] = identity
	s.attrs[id] = map[string]string{}
	return nil
}
