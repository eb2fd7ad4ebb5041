// Package consolefn wires ConsoleFunction, the staff console: the staff desk
// of StaffFunction (package stafffn: DynamoDB, the agency queues for
// transfers, SES for the firm's notices), the user pool through Cognito or
// another OIDC provider (single sign-on) for sign-in, the sessions and sign-in budgets in the same table, the server
// secret for its keys, and the pages. A function of its own rather than a
// part of StaffFunction, for the cold start: the JSON API
// links neither html/template nor the Cognito client and the token verifier,
// and the console links no form validator (see package app).
package consolefn

import (
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/app/stafffn"
	"github.com/putuo-compliance/intake/shared/cognito"
	"github.com/putuo-compliance/intake/shared/console"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/envconfig"
	"github.com/putuo-compliance/intake/shared/httpapi"
	"github.com/putuo-compliance/intake/shared/jwtauth"
	"github.com/putuo-compliance/intake/shared/keyring"
	"github.com/putuo-compliance/intake/shared/secrets"
)

// Config is ConsoleFunction's configuration, read once from the environment:
// StaffFunction's, since the console works the same desk, and its own.
type Config struct {
	stafffn.Config
	// SecretID (SECRET_ID: the template's ServerSecret) is the server secret
	// the console's keys are derived from (package keyring): its CSRF key and
	// the key that names its sign-in budgets. Read at first use.
	SecretID string
	// Issuer (STAFF_ISSUER) is the issuer of staff tokens, the staff API
	// authorizer's.
	Issuer string
	// ClientID (STAFF_CLIENT_ID) is the stack's user pool app client, which
	// signs staff in and is their tokens' audience; empty when the stack
	// trusts another issuer (StaffIssuer), and the console signs nobody in.
	ClientID string
	// KeysURL is where the pool's signing keys are: the issuer's
	// /.well-known/jwks.json, or below the Cognito endpoint of an emulator
	// (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, else AWS_ENDPOINT_URL).
	// Empty without a pool: another provider's keys come from its discovery
	// document, as API Gateway reads them.
	KeysURL string
	// OIDCClientID (STAFF_OIDC_CLIENT_ID: the template's StaffAudience when
	// StaffIssuer is set) is the console's client at another OIDC provider,
	// through which it signs staff in (single sign-on); empty: none.
	OIDCClientID string
	// OIDCSecretID (STAFF_OIDC_SECRET_ID: StaffClientSecretArn) names the
	// Secrets Manager secret of that client's secret, read at first use;
	// empty for a public client (PKCE alone).
	OIDCSecretID string
}

// LoadConfig reads the configuration through getenv (os.Getenv in main). The
// error names every variable that is missing or malformed.
func LoadConfig(getenv func(string) string) (Config, error) {
	v := envconfig.New(getenv)
	c := Config{Config: stafffn.ReadConfig(v), SecretID: v.Required("SECRET_ID"), Issuer: v.Required("STAFF_ISSUER"),
		ClientID: v.Optional("STAFF_CLIENT_ID"), OIDCClientID: v.Optional("STAFF_OIDC_CLIENT_ID"),
		OIDCSecretID: v.Optional("STAFF_OIDC_SECRET_ID")}
	if c.ClientID != "" {
		endpoint := v.Optional("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER")
		if endpoint == "" {
			endpoint = v.Optional("AWS_ENDPOINT_URL")
		}
		c.KeysURL = jwtauth.CognitoKeysURL(c.Issuer, endpoint)
	}
	return c, v.Err()
}

// New builds the handler. Nothing here does network I/O: clients connect, and
// the secret and the token keys are fetched, on first use.
func New(c Config, log *logrus.Logger) httpapi.Handler {
	store := dynamostore.New(dynamodb.NewFromConfig(c.AWS), c.Table)
	sm := secretsmanager.NewFromConfig(c.AWS)
	cfg := console.Config{Desk: stafffn.Desk(c.Config, store, log), Store: store, Counter: store,
		Keys: keyring.New(secrets.New(sm.GetSecretValue, c.SecretID).Value), Claims: c.Claims}
	var audience []string
	if c.ClientID != "" {
		cfg.Pool = cognito.New(cognitoidentityprovider.NewFromConfig(c.AWS), c.ClientID)
		audience = append(audience, c.ClientID)
	}
	if c.OIDCClientID != "" {
		cfg.SSO = &console.SSO{Issuer: c.Issuer, ClientID: c.OIDCClientID}
		if c.OIDCSecretID != "" {
			// The secret is read as the SMTP password is: its string, or a
			// JSON object's "password".
			cfg.SSO.Secret = secrets.KeyValue(sm.GetSecretValue, c.OIDCSecretID, "password")
		}
		audience = append(audience, c.OIDCClientID)
	}
	if len(audience) > 0 {
		// The configuration was read whole: an issuer is set.
		cfg.Verifier, _ = jwtauth.New(jwtauth.Config{Issuer: c.Issuer, Audience: audience, KeysURL: c.KeysURL})
	}
	return console.New(cfg, log)
}
