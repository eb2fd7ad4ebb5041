package httpedge

import (
	"fmt"
	"slices"
	"strings"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
)

// The token claims the staff side reads, as the HTTP API's JWT authorizer
// hands them over (requestContext.authorizer.jwt.claims, every value a string).
const (
	claimAgency   = "custom:agency"    // the staff member's agency; only administrators can set it
	claimGroups   = "cognito:groups"   // "[staff supervisor]", as API Gateway renders a list
	claimUsername = "cognito:username" // a Cognito user's name
	claimSubject  = "sub"              // any OIDC provider's subject
	// GroupSupervisor is the group whose members may also release others'
	// claims and read the audit trail.
	GroupSupervisor = "supervisor"
)

// Staff is the staff member the request's verified token names. The agency
// comes only from the token, never from the request. It fails with
// apperr.ErrUnauthorized when the event carries no verified claims (the
// authorizer lets no such request through; this is a second line), and with
// apperr.ErrForbidden for a token without a known agency.
func (r Request) Staff() (intake.Actor, error) {
	auth := r.Event.RequestContext.Authorizer
	if auth == nil || auth.JWT == nil || len(auth.JWT.Claims) == 0 {
		return intake.Actor{}, fmt.Errorf("no verified token: %w", apperr.ErrUnauthorized)
	}
	claims := auth.JWT.Claims
	id := claims[claimSubject]
	if id == "" {
		return intake.Actor{}, fmt.Errorf("a token without a subject: %w", apperr.ErrUnauthorized)
	}
	code := agency.Code(claims[claimAgency])
	if _, ok := agency.Lookup(code); !ok {
		return intake.Actor{}, fmt.Errorf("a token of no known agency: %w", apperr.ErrForbidden)
	}
	return intake.Staff(id, code, slices.Contains(groups(claims[claimGroups]), GroupSupervisor)), nil
}

// groups reads a list claim in the forms it arrives in: API Gateway's
// "[a b]", a JSON array, or a comma-separated list.
func groups(claim string) []string {
	return strings.FieldsFunc(claim, func(r rune) bool {
		return r == '[' || r == ']' || r == ',' || r == '"' || r == ' '
	})
}
