package httpedge

import (
	"fmt"
	"slices"
	"strings"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/envconfig"
	"github.com/putuo-compliance/intake/shared/intake"
)

// The token claims the staff side reads, as the HTTP API's JWT authorizer
// hands them over (requestContext.authorizer.jwt.claims, every value a string).
const (
	// DefaultAgencyClaim and DefaultGroupsClaim are the stack's own user
	// pool's: the staff member's agency (only administrators can set it) and
	// their groups ("[staff supervisor]", as API Gateway renders a list).
	DefaultAgencyClaim = "custom:agency"
	DefaultGroupsClaim = "cognito:groups"
	// ClaimUsername is a Cognito user's name, which the staff console shows its owner
	// and nothing else records (staff are named by their subject).
	ClaimUsername = "cognito:username"
	claimSubject  = "sub" // any OIDC provider's subject
	// GroupSupervisor is the group whose members may also release others'
	// claims and read the audit trail.
	GroupSupervisor = "supervisor"
)

// StaffClaims names the claims a staff token carries its agency and groups
// in: the stack's own pool's by default, another provider's when it names
// them otherwise (e.g. an agency IdP's "agency" and "groups"). The staff API
// and the console read the same setting (STAFF_AGENCY_CLAIM,
// STAFF_GROUPS_CLAIM: ReadStaffClaims), so that one token is one staff member
// to both.
type StaffClaims struct {
	Agency string // DefaultAgencyClaim when empty
	Groups string // DefaultGroupsClaim when empty
}

// ReadStaffClaims reads the claim names from the environment.
func ReadStaffClaims(v *envconfig.Vars) StaffClaims {
	return StaffClaims{Agency: v.Optional("STAFF_AGENCY_CLAIM"), Groups: v.Optional("STAFF_GROUPS_CLAIM")}
}

// Staff is the staff member the request's verified token names. The agency
// comes only from the token, never from the request. It fails with
// apperr.ErrUnauthorized when the event carries no verified claims (the
// authorizer lets no such request through; this is a second line), and with
// apperr.ErrForbidden for a token without a known agency.
func (r Request) Staff(c StaffClaims) (intake.Actor, error) {
	auth := r.Event.RequestContext.Authorizer
	if auth == nil || auth.JWT == nil {
		return intake.Actor{}, fmt.Errorf("no verified token: %w", apperr.ErrUnauthorized)
	}
	return c.Actor(auth.JWT.Claims)
}

// ErrNoAgency is a verified token that names no agency we know: its owner may
// not work here (403; the console says the account has no agency).
var ErrNoAgency = fmt.Errorf("%w: a token of no known agency", apperr.ErrForbidden)

// Actor is the staff member a verified token's claims name, as the JWT
// authorizer hands them over (every value a string): the staff API reads them
// from the event, the staff console from its session's token (package
// jwtauth). It fails as Request.Staff does; ErrNoAgency for a token whose
// agency claim is missing or unknown.
func (c StaffClaims) Actor(claims map[string]string) (intake.Actor, error) {
	agencyClaim, groupsClaim := c.Agency, c.Groups
	if agencyClaim == "" {
		agencyClaim = DefaultAgencyClaim
	}
	if groupsClaim == "" {
		groupsClaim = DefaultGroupsClaim
	}
	if len(claims) == 0 {
		return intake.Actor{}, fmt.Errorf("no verified token: %w", apperr.ErrUnauthorized)
	}
	id := claims[claimSubject]
	if id == "" {
		return intake.Actor{}, fmt.Errorf("a token without a subject: %w", apperr.ErrUnauthorized)
	}
	code := agency.Code(claims[agencyClaim])
	if _, ok := agency.Lookup(code); !ok {
		return intake.Actor{}, ErrNoAgency
	}
	return intake.Staff(id, code, slices.Contains(groups(claims[groupsClaim]), GroupSupervisor)), nil
}

// groups reads a list claim in the forms it arrives in: API Gateway's
// "[a b]", a JSON array, or a comma-separated list.
func groups(claim string) []string {
	return strings.FieldsFunc(claim, func(r rune) bool {
		return r == '[' || r == ']' || r == ',' || r == '"' || r == ' '
	})
}
