package provision

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	sestypes "github.com/aws/aws-sdk-go-v2/service/sesv2/types"
	"github.com/aws/smithy-go"
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
	in := &sesv2.CreateEmailIdentityInput{EmailIdentity: &identity}
	if attrs, ok := p["ConfigurationSetAttributes"].(map[string]any); ok {
		if name, _ := attrs["ConfigurationSetName"].(string); name != "" {
			in.ConfigurationSetName = &name
		}
	}
	_, err := s.ses.CreateEmailIdentity(ctx, in)
	var exists *sestypes.AlreadyExistsException
	if err != nil && !errors.As(err, &exists) {
		return err
	}
	s.refs[id] = identity
	s.attrs[id] = map[string]string{}
	return nil
}

// createConfigurationSet creates an AWS::SES::ConfigurationSet with its
// suppression options (which bounces and complaints stop further mail to an
// address), or reuses the one a previous Deploy made. Ref gives its name.
func (s *Stack) createConfigurationSet(ctx context.Context, id string, p map[string]any) error {
	name, _ := p["Name"].(string)
	if name == "" {
		name = s.Name + "-" + id
	}
	in := &sesv2.CreateConfigurationSetInput{ConfigurationSetName: &name}
	if opts, ok := p["SuppressionOptions"].(map[string]any); ok {
		reasons, _ := opts["SuppressedReasons"].([]any)
		in.SuppressionOptions = &sestypes.SuppressionOptions{}
		for _, r := range reasons {
			in.SuppressionOptions.SuppressedReasons = append(in.SuppressionOptions.SuppressedReasons, sestypes.SuppressionListReason(fmt.Sprint(r)))
		}
	}
	_, err := s.ses.CreateConfigurationSet(ctx, in)
	// SES answers AlreadyExistsException; moto 5 its own code for it.
	var api smithy.APIError
	if err != nil && !(errors.As(err, &api) && strings.HasSuffix(api.ErrorCode(), "AlreadyExistsException")) {
		return err
	}
	s.refs[id] = name
	s.attrs[id] = map[string]string{}
	return nil
}
