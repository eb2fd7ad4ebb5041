package provision

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	ciptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/putuo-compliance/intake/infra/local/demostaff"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
	"github.com/putuo-compliance/intake/shared/jwtauth"
)

// createUserPool creates an AWS::Cognito::UserPool, or reuses the one of the same
// name (CreateUserPool is not idempotent: each call makes another pool).
func (s *Stack) createUserPool(ctx context.Context, id string, p map[string]any) error {
	name := s.poolName(id, p)
	poolID, err := findPool(ctx, s.cognito, name)
	if err != nil {
		return err
	}
	if poolID == "" {
		var in cip.CreateUserPoolInput
		if err := remarshal(p, &in); err != nil {
			return err
		}
		in.PoolName = &name
		out, err := s.cognito.CreateUserPool(ctx, &in)
		if err != nil {
			return err
		}
		poolID = *out.UserPool.Id
	}
	s.refs[id] = poolID
	provider := fmt.Sprintf("cognito-idp.%s.amazonaws.com/%s", s.region, poolID)
	s.attrs[id] = map[string]string{
		"Arn":          fmt.Sprintf("arn:%s:cognito-idp:%s:%s:userpool/%s", s.partition(), s.region, accountID, poolID),
		"ProviderName": provider,
		"ProviderURL":  "https://" + provider,
		"UserPoolId":   poolID,
	}
	s.pools = append(s.pools, id)
	return nil
}

func (s *Stack) poolName(id string, p map[string]any) string {
	if name, _ := p["UserPoolName"].(string); name != "" {
		return name
	}
	return s.Name + "-" + id
}

// createUserPoolClient creates an AWS::Cognito::UserPoolClient, or brings the one
// of the same name in line with the template (its read and write attributes).
func (s *Stack) createUserPoolClient(ctx context.Context, id string, p map[string]any) error {
	poolID, _ := p["UserPoolId"].(string)
	name, _ := p["ClientName"].(string)
	if name == "" {
		name = s.Name + "-" + id
	}
	clientID, err := findClient(ctx, s.cognito, poolID, name)
	if err != nil {
		return err
	}
	if clientID == "" {
		var in cip.CreateUserPoolClientInput
		if err := remarshal(p, &in); err != nil {
			return err
		}
		in.ClientName = &name
		out, err := s.cognito.CreateUserPoolClient(ctx, &in)
		if err != nil {
			return err
		}
		clientID = *out.UserPoolClient.ClientId
	} else {
		var in cip.UpdateUserPoolClientInput
		if err := remarshal(p, &in); err != nil {
			return err
		}
		in.ClientName, in.ClientId = &name, &clientID
		if _, err := s.cognito.UpdateUserPoolClient(ctx, &in); err != nil {
			return err
		}
	}
	s.refs[id] = clientID
	s.attrs[id] = map[string]string{"ClientId": clientID, "Name": name}
	return nil
}

// createUserPoolGroup creates an AWS::Cognito::UserPoolGroup.
func (s *Stack) createUserPoolGroup(ctx context.Context, id string, p map[string]any) error {
	var in cip.CreateGroupInput
	if err := remarshal(p, &in); err != nil {
		return err
	}
	if in.GroupName == nil {
		in.GroupName = aws.String(s.Name + "-" + id)
	}
	_, err := s.cognito.CreateGroup(ctx, &in)
	var exists *ciptypes.GroupExistsException
	if err != nil && !errors.As(err, &exists) {
		return err
	}
	s.refs[id] = *in.GroupName
	s.attrs[id] = map[string]string{}
	return nil
}

// seedDemoStaff puts the demo staff users in every pool the stack made, once the
// groups they join exist.
func (s *Stack) seedDemoStaff(ctx context.Context) error {
	for _, id := range s.pools {
		if err := demostaff.Seed(ctx, s.cognito, s.refs[id]); err != nil {
			return fmt.Errorf("%s: %w", id, err)
		}
	}
	return nil
}

// HasStaffPool reports whether the stack, or a nested one, made a user pool
// (and its demo users).
func (s *Stack) HasStaffPool() bool {
	for _, n := range s.withNested() {
		if len(n.pools) > 0 {
			return true
		}
	}
	return false
}

func findPool(ctx context.Context, c *cip.Client, name string) (string, error) {
	pages := cip.NewListUserPoolsPaginator(c, &cip.ListUserPoolsInput{MaxResults: aws.Int32(60)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return "", fmt.Errorf("list user pools: %w", err)
		}
		for _, p := range page.UserPools {
			if aws.ToString(p.Name) == name {
				return aws.ToString(p.Id), nil
			}
		}
	}
	return "", nil
}

func findClient(ctx context.Context, c *cip.Client, poolID, name string) (string, error) {
	pages := cip.NewListUserPoolClientsPaginator(c, &cip.ListUserPoolClientsInput{UserPoolId: &poolID, MaxResults: aws.Int32(60)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return "", fmt.Errorf("list user pool clients: %w", err)
		}
		for _, cl := range page.UserPoolClients {
			if aws.ToString(cl.ClientName) == name {
				return aws.ToString(cl.ClientId), nil
			}
		}
	}
	return "", nil
}

// ErrNoStaffPool means the endpoint has no staff pool of that stack (is make run
// running?) or the template makes none.
var ErrNoStaffPool = errors.New("no staff user pool")

// StaffPool finds the user pool and app client that Deploy made for the stack
// stackName, by the names the template (or the nested template that holds the
// pool) gives them, without creating anything: `make token` uses it against
// make run's stack.
func StaffPool(ctx context.Context, cfg aws.Config, t *samtemplate.Template, stackName string) (poolID, clientID string, err error) {
	s, err := newStack(cfg, t, stackName, LocalParameters).poolHolder()
	if err != nil {
		return "", "", err
	}
	t = s.tmpl
	pools, clients := t.ResourcesOfType("AWS::Cognito::UserPool"), t.ResourcesOfType("AWS::Cognito::UserPoolClient")
	if len(pools) != 1 || len(clients) != 1 {
		return "", "", fmt.Errorf("%w: the template has %d user pools and %d clients, want one each", ErrNoStaffPool, len(pools), len(clients))
	}
	props, err := s.resolve(t.Resources[pools[0]].Properties)
	if err != nil {
		return "", "", err
	}
	pp, _ := props.(map[string]any)
	if poolID, err = findPool(ctx, s.cognito, s.poolName(pools[0], pp)); err != nil {
		return "", "", err
	}
	if poolID == "" {
		return "", "", fmt.Errorf("%w named %s at the endpoint", ErrNoStaffPool, s.poolName(pools[0], pp))
	}
	s.refs[pools[0]] = poolID
	props, err = s.resolve(t.Resources[clients[0]].Properties)
	if err != nil {
		return "", "", err
	}
	cp, _ := props.(map[string]any)
	name, _ := cp["ClientName"].(string)
	if clientID, err = findClient(ctx, s.cognito, poolID, name); err != nil {
		return "", "", err
	}
	if clientID == "" {
		return "", "", fmt.Errorf("%w: pool %s has no client %s", ErrNoStaffPool, poolID, name)
	}
	return poolID, clientID, nil
}

// poolHolder is the stack whose template makes the user pool: this one, or the
// stack of a nested application that would be made, not deployed.
func (s *Stack) poolHolder() (*Stack, error) {
	if len(s.tmpl.ResourcesOfType("AWS::Cognito::UserPool")) > 0 {
		return s, nil
	}
	for _, id := range s.tmpl.ResourcesOfType("AWS::Serverless::Application") {
		if ok, err := s.exists(id); err != nil || !ok {
			continue
		}
		props, err := s.resolve(s.tmpl.Resources[id].Properties)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", id, err)
		}
		p, _ := props.(map[string]any)
		n, err := s.nestedStack(id, p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", id, err)
		}
		if h, err := n.poolHolder(); err == nil {
			return h, nil
		}
	}
	return nil, fmt.Errorf("%w: the template makes none", ErrNoStaffPool)
}

// JWTAuthorizer is an HttpApi JWT authorizer of the template, resolved.
type JWTAuthorizer struct {
	Issuer         string
	Audience       []string
	IdentitySource string
	// JWKSURL is where the emulator serves the signing keys, when the issuer is a
	// pool of this stack; empty for another issuer (found by OIDC discovery).
	JWKSURL string
}

// JWTAuthorizer resolves the authorizer name of the HttpApi api (empty: the only
// one) against the stack.
func (s *Stack) JWTAuthorizer(api, name string) (JWTAuthorizer, error) {
	def, ok := s.tmpl.Authorizer(api, name)
	if !ok {
		return JWTAuthorizer{}, fmt.Errorf("no authorizer %q in the template", name)
	}
	r, err := s.resolve(def)
	if err != nil {
		return JWTAuthorizer{}, fmt.Errorf("authorizer %s: %w", name, err)
	}
	rm, _ := r.(map[string]any)
	jwt, _ := rm["JwtConfiguration"].(map[string]any)
	var a JWTAuthorizer
	a.IdentitySource, _ = rm["IdentitySource"].(string)
	for k, v := range jwt { // SAM takes issuer/Issuer and audience/Audience alike
		switch strings.ToLower(k) {
		case "issuer":
			a.Issuer = fmt.Sprint(v)
		case "audience":
			list, _ := v.([]any)
			for _, e := range list {
				a.Audience = append(a.Audience, fmt.Sprint(e))
			}
		}
	}
	if a.Issuer == "" || len(a.Audience) == 0 {
		return JWTAuthorizer{}, fmt.Errorf("authorizer %s has no issuer or audience", name)
	}
	for _, n := range s.withNested() {
		for _, id := range n.pools {
			// moto signs with the issuer AWS uses, and serves the keys where AWS
			// does, below its own endpoint.
			if n.attrs[id]["ProviderURL"] == a.Issuer {
				a.JWKSURL = jwtauth.CognitoKeysURL(a.Issuer, n.cognitoURL)
			}
		}
	}
	return a, nil
}

// serviceEndpoint is where cfg sends a service's calls: its own endpoint
// (AWS_ENDPOINT_URL_<SERVICE>), else the shared one, else AWS's.
func serviceEndpoint(ctx context.Context, cfg aws.Config, sdkID, awsURL string) string {
	type endpointSource interface {
		GetServiceBaseEndpoint(context.Context, string) (string, bool, error)
	}
	for _, src := range cfg.ConfigSources {
		if e, ok := src.(endpointSource); ok {
			if u, found, err := e.GetServiceBaseEndpoint(ctx, sdkID); err == nil && found {
				return u
			}
		}
	}
	if cfg.BaseEndpoint != nil {
		return *cfg.BaseEndpoint
	}
	return awsURL
}
