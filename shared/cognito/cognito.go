// Package cognito signs staff in to the stack's Cognito user pool on the
// server, for the staff console: the password flow (InitiateAuth,
// USER_PASSWORD_AUTH), the new password a first sign-in must set
// (RespondToAuthChallenge, NEW_PASSWORD_REQUIRED), and signing out
// (GlobalSignOut). Its errors say nothing of whether a user exists.
package cognito

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	ciptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/putuo-compliance/intake/shared/apperr"
)

// Pool signs users in through one app client of a user pool.
type Pool struct {
	// The operations a Pool calls, as the client's method values, not the
	// client: a Pool goes about as an interface (the console's), and where
	// reflect looks methods up by name (html/template) a client field would
	// link every operation of the user pool API (as package dynamostore
	// explains).
	initiateAuth           func(context.Context, *cip.InitiateAuthInput, ...func(*cip.Options)) (*cip.InitiateAuthOutput, error)
	respondToAuthChallenge func(context.Context, *cip.RespondToAuthChallengeInput, ...func(*cip.Options)) (*cip.RespondToAuthChallengeOutput, error)
	globalSignOut          func(context.Context, *cip.GlobalSignOutInput, ...func(*cip.Options)) (*cip.GlobalSignOutOutput, error)
	clientID               string
}

// New returns a Pool on the app client clientID. The client is shared and
// safe for concurrent use.
func New(client *cip.Client, clientID string) *Pool {
	return &Pool{initiateAuth: client.InitiateAuth, respondToAuthChallenge: client.RespondToAuthChallenge,
		globalSignOut: client.GlobalSignOut, clientID: clientID}
}

// Tokens are what a sign-in gives: the ID token, which names the staff member
// and their agency, and the access token, which signs them out.
type Tokens struct {
	ID     string
	Access string
}

// Result is a sign-in's outcome: the tokens, or, at a first sign-in, the
// session of the challenge to set a new password (Tokens nil).
type Result struct {
	Tokens             *Tokens
	NewPasswordSession string
}

// The ways a sign-in fails other than the service's being unavailable.
var (
	// ErrBadCredentials: a wrong user name or password, an unknown, disabled
	// or unconfirmed user alike.
	ErrBadCredentials = fmt.Errorf("%w: wrong user name or password", apperr.ErrUnauthorized)
	// ErrPasswordPolicy: a new password the pool's policy refuses.
	ErrPasswordPolicy = fmt.Errorf("%w: the new password does not meet the policy", apperr.ErrInvalid)
	// ErrChallengeExpired: a new password sent after its challenge lapsed.
	ErrChallengeExpired = fmt.Errorf("%w: the sign-in expired", apperr.ErrUnauthorized)
	// ErrUnsupportedStep: the pool asks for a step the console does not take,
	// such as a one-time code.
	ErrUnsupportedStep = fmt.Errorf("%w: a sign-in step the console does not offer", apperr.ErrForbidden)
)

// SignIn signs username in with password.
func (p *Pool) SignIn(ctx context.Context, username, password string) (_ Result, err error) {
	defer apperr.Wrap(&err, "cognito.SignIn")
	out, err := p.initiateAuth(ctx, &cip.InitiateAuthInput{
		ClientId:       &p.clientID,
		AuthFlow:       ciptypes.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": password},
	})
	if err != nil {
		return Result{}, signInError(err, ErrBadCredentials)
	}
	return result(out.AuthenticationResult, out.ChallengeName, out.Session)
}

// SetNewPassword answers the new-password challenge of username's first
// sign-in, whose session SignIn returned.
func (p *Pool) SetNewPassword(ctx context.Context, username, password, session string) (_ Result, err error) {
	defer apperr.Wrap(&err, "cognito.SetNewPassword")
	out, err := p.respondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ClientId:           &p.clientID,
		ChallengeName:      ciptypes.ChallengeNameTypeNewPasswordRequired,
		Session:            &session,
		ChallengeResponses: map[string]string{"USERNAME": username, "NEW_PASSWORD": password},
	})
	var lapsed *ciptypes.ResourceNotFoundException // moto's word for a lapsed challenge
	if errors.As(err, &lapsed) {
		return Result{}, ErrChallengeExpired
	}
	if err != nil {
		return Result{}, signInError(err, ErrChallengeExpired)
	}
	return result(out.AuthenticationResult, out.ChallengeName, out.Session)
}

// SignOut ends every sign-in of the access token's user at the pool: their
// refresh and access tokens stop working with Cognito.
func (p *Pool) SignOut(ctx context.Context, accessToken string) (err error) {
	defer apperr.Wrap(&err, "cognito.SignOut")
	_, err = p.globalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: aws.String(accessToken)})
	var notAuthorized *ciptypes.NotAuthorizedException
	if errors.As(err, &notAuthorized) {
		return nil // signed out already, or the token lapsed: nothing left to end
	}
	if err != nil {
		return apperr.Unavailable(err)
	}
	return nil
}

func result(auth *ciptypes.AuthenticationResultType, challenge ciptypes.ChallengeNameType, session *string) (Result, error) {
	switch {
	case auth != nil && auth.IdToken != nil && auth.AccessToken != nil:
		return Result{Tokens: &Tokens{ID: *auth.IdToken, Access: *auth.AccessToken}}, nil
	case challenge == ciptypes.ChallengeNameTypeNewPasswordRequired && aws.ToString(session) != "":
		return Result{NewPasswordSession: *session}, nil
	}
	return Result{}, fmt.Errorf("challenge %q: %w", challenge, ErrUnsupportedStep)
}

// signInError maps the pool's refusals: the ones about the user or the
// credentials to refused (never telling which), a new password under the
// policy to ErrPasswordPolicy, anything else to apperr.ErrUnavailable.
func signInError(err error, refused error) error {
	var (
		notAuthorized *ciptypes.NotAuthorizedException
		notFound      *ciptypes.UserNotFoundException
		notConfirmed  *ciptypes.UserNotConfirmedException
		reset         *ciptypes.PasswordResetRequiredException
		weak          *ciptypes.InvalidPasswordException
	)
	switch {
	case errors.As(err, &weak):
		return ErrPasswordPolicy
	case errors.As(err, &notAuthorized), errors.As(err, &notFound), errors.As(err, &notConfirmed),
		errors.As(err, &reset):
		return refused
	}
	return apperr.Unavailable(err)
}
