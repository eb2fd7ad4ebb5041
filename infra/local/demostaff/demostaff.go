// Package demostaff holds the local stack's demo staff accounts: one staff user
// per agency and a supervisor for the procuratorate. They are created in the staff
// user pool with a permanent password, so that anyone running `make run` can sign
// in at once (`make token`), and never exist outside the local stack.
package demostaff

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	ciptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/putuo-compliance/intake/shared/agency"
)

// Password is every demo user's password. It meets the template's password
// policy, which moto enforces too.
const Password = "Putuo-Demo-2026!"

// Roles, as the groups of the template's pool name them.
const (
	RoleStaff      = "staff"
	RoleSupervisor = "supervisor"
)

// User is one demo account.
type User struct {
	Name   string
	Agency agency.Code
	Groups []string // cognito:groups
}

// Users lists the demo accounts: staff-<agency> for every agency, and
// supervisor-procuratorate, who is in both groups.
func Users() []User {
	out := make([]User, 0, len(agency.All)+1)
	for _, a := range agency.All {
		out = append(out, User{Name: "staff-" + string(a.Code), Agency: a.Code, Groups: []string{RoleStaff}})
	}
	return append(out, User{
		Name:   "supervisor-" + string(agency.Procuratorate),
		Agency: agency.Procuratorate,
		Groups: []string{RoleStaff, RoleSupervisor},
	})
}

// ErrNoSuchUser means no demo user has that agency and role.
var ErrNoSuchUser = errors.New("no demo user for that agency and role")

// Find returns the demo user of agency code with role ("" means staff).
func Find(code agency.Code, role string) (User, error) {
	if role == "" {
		role = RoleStaff
	}
	for _, u := range Users() {
		if u.Agency == code && u.Name == role+"-"+string(code) {
			return u, nil
		}
	}
	return User{}, fmt.Errorf("%w: agency %q, role %q", ErrNoSuchUser, code, role)
}

// Seed creates the demo users in the pool, or resets them when they exist (their
// agency, password and groups), so a restarted stack signs in as before.
func Seed(ctx context.Context, c *cip.Client, poolID string) error {
	for _, u := range Users() {
		attrs := []ciptypes.AttributeType{{Name: aws.String("custom:agency"), Value: aws.String(string(u.Agency))}}
		_, err := c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{
			UserPoolId:     &poolID,
			Username:       aws.String(u.Name),
			UserAttributes: attrs,
			MessageAction:  ciptypes.MessageActionTypeSuppress, // nobody to invite
		})
		var exists *ciptypes.UsernameExistsException
		if errors.As(err, &exists) {
			_, err = c.AdminUpdateUserAttributes(ctx, &cip.AdminUpdateUserAttributesInput{
				UserPoolId: &poolID, Username: aws.String(u.Name), UserAttributes: attrs,
			})
		}
		if err != nil {
			return fmt.Errorf("demo user %s: %w", u.Name, err)
		}
		// Permanent: no NEW_PASSWORD_REQUIRED challenge at the first sign-in.
		if _, err := c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{
			UserPoolId: &poolID, Username: aws.String(u.Name), Password: aws.String(Password), Permanent: true,
		}); err != nil {
			return fmt.Errorf("demo user %s password: %w", u.Name, err)
		}
		for _, g := range u.Groups {
			if _, err := c.AdminAddUserToGroup(ctx, &cip.AdminAddUserToGroupInput{
				UserPoolId: &poolID, Username: aws.String(u.Name), GroupName: aws.String(g),
			}); err != nil {
				return fmt.Errorf("demo user %s group %s: %w", u.Name, g, err)
			}
		}
	}
	return nil
}

// SignIn signs a user in with the password flow, as the staff console will, and
// returns the tokens.
func SignIn(ctx context.Context, c *cip.Client, clientID, username, password string) (*ciptypes.AuthenticationResultType, error) {
	out, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{
		ClientId:       &clientID,
		AuthFlow:       ciptypes.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": password},
	})
	if err != nil {
		return nil, fmt.Errorf("sign in as %s: %w", username, err)
	}
	if out.AuthenticationResult == nil {
		return nil, fmt.Errorf("sign in as %s: challenge %s instead of tokens", username, out.ChallengeName)
	}
	return out.AuthenticationResult, nil
}
