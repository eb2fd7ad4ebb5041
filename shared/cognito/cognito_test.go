package cognito_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	ciptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/putuo-compliance/intake/infra/local/demostaff"
	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/cognito"
)

// The staff pool of template.yaml, with its demo users, in a moto of its own.
var env *localtest.Env

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	var err error
	if env, err = localtest.Start(context.Background(), "../../template.yaml", "cognito-test"); err != nil {
		fmt.Fprintln(os.Stderr, "cognito tests need moto_server:", err)
		return 1
	}
	defer env.Stop()
	return m.Run()
}

func pool() (*cognito.Pool, *cip.Client) {
	c := cip.NewFromConfig(env.Config)
	return cognito.New(c, env.Stack.Ref("StaffUserPoolClient")), c
}

func TestSignIn(t *testing.T) {
	p, _ := pool()
	tests := []struct {
		name, user, password string
		wantErr              error
	}{
		{"demo user", "staff-procuratorate", demostaff.Password, nil},
		{"wrong password", "staff-procuratorate", "Wrong-Password-1!", cognito.ErrBadCredentials},
		{"unknown user: the same error", "nobody-at-all", demostaff.Password, cognito.ErrBadCredentials},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := p.SignIn(context.Background(), tt.user, tt.password)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr == nil && (res.Tokens == nil || res.Tokens.ID == "" || res.Tokens.Access == "") {
				t.Errorf("result %+v, want both tokens", res)
			}
			if tt.wantErr != nil && !errors.Is(err, apperr.ErrUnauthorized) {
				t.Errorf("err %v is not ErrUnauthorized", err)
			}
		})
	}
}

// A user an administrator made with a temporary password must set their own
// at the first sign-in; one the policy refuses is refused.
func TestFirstSignInSetsANewPassword(t *testing.T) {
	ctx := context.Background()
	p, c := pool()
	user := "first-login-" + time.Now().Format("150405.000")
	if _, err := c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{
		UserPoolId: aws.String(env.Stack.Ref("StaffUserPool")), Username: aws.String(user),
		TemporaryPassword: aws.String("Temporary-Pass-1!"), MessageAction: ciptypes.MessageActionTypeSuppress,
		UserAttributes: []ciptypes.AttributeType{{Name: aws.String("custom:agency"), Value: aws.String("cyberspace")}},
	}); err != nil {
		t.Fatal(err)
	}
	res, err := p.SignIn(ctx, user, "Temporary-Pass-1!")
	if err != nil || res.Tokens != nil || res.NewPasswordSession == "" {
		t.Fatalf("first sign-in: %+v, %v; want the new-password challenge", res, err)
	}
	if _, err := p.SetNewPassword(ctx, user, "short", res.NewPasswordSession); !errors.Is(err, cognito.ErrPasswordPolicy) {
		t.Errorf("a weak password: %v, want ErrPasswordPolicy", err)
	}
	if _, err := p.SetNewPassword(ctx, user, "Brand-New-Pass-2!", "not-a-session"); !errors.Is(err, cognito.ErrChallengeExpired) {
		t.Errorf("an unknown challenge: %v, want ErrChallengeExpired", err)
	}
	done, err := p.SetNewPassword(ctx, user, "Brand-New-Pass-2!", res.NewPasswordSession)
	if err != nil || done.Tokens == nil {
		t.Fatalf("new password: %+v, %v", done, err)
	}
	if again, err := p.SignIn(ctx, user, "Brand-New-Pass-2!"); err != nil || again.Tokens == nil {
		t.Errorf("signing in with the new password: %+v, %v", again, err)
	}
}

func TestSignOutEndsTheTokens(t *testing.T) {
	ctx := context.Background()
	p, c := pool()
	res, err := p.SignIn(ctx, "staff-science-tech", demostaff.Password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetUser(ctx, &cip.GetUserInput{AccessToken: &res.Tokens.Access}); err != nil {
		t.Fatalf("before sign-out: %v", err)
	}
	if err := p.SignOut(ctx, res.Tokens.Access); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetUser(ctx, &cip.GetUserInput{AccessToken: &res.Tokens.Access}); err == nil {
		t.Error("the access token still works after sign-out")
	}
	if err := p.SignOut(ctx, res.Tokens.Access); err != nil {
		t.Errorf("a second sign-out: %v, want none", err)
	}
}

func TestUnreachablePoolIsUnavailable(t *testing.T) {
	p := cognito.New(cip.NewFromConfig(env.ConfigAt(localtest.ClosedURL(t)), func(o *cip.Options) { o.RetryMaxAttempts = 1 }), "client")
	if _, err := p.SignIn(context.Background(), "staff-procuratorate", demostaff.Password); !errors.Is(err, apperr.ErrUnavailable) {
		t.Errorf("err %v, want ErrUnavailable", err)
	}
}
