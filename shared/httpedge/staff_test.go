package httpedge_test

import (
	"errors"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
)

func withClaims(claims map[string]string) httpedge.Request {
	var ev events.APIGatewayV2HTTPRequest
	if claims != nil {
		ev.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
			JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: claims},
		}
	}
	return httpedge.Request{Event: ev}
}

func TestStaff(t *testing.T) {
	tests := []struct {
		name   string
		names  httpedge.StaffClaims
		claims map[string]string
		want   intake.Actor
		err    error
	}{
		{"staff", httpedge.StaffClaims{}, map[string]string{"sub": "u-1", "cognito:username": "staff-procuratorate", "custom:agency": "procuratorate", "cognito:groups": "[staff]"},
			intake.Staff("u-1", agency.Procuratorate, false), nil},
		{"supervisor, as API Gateway renders groups", httpedge.StaffClaims{}, map[string]string{"sub": "s", "cognito:username": "supervisor-procuratorate", "custom:agency": "procuratorate", "cognito:groups": "[staff supervisor]"},
			intake.Staff("s", agency.Procuratorate, true), nil},
		{"supervisor, groups as JSON", httpedge.StaffClaims{}, map[string]string{"sub": "s", "custom:agency": "cyberspace", "cognito:groups": `["supervisor","staff"]`},
			intake.Staff("s", agency.Cyberspace, true), nil},
		{"another provider: the subject", httpedge.StaffClaims{}, map[string]string{"sub": "abc", "custom:agency": "science-tech"},
			intake.Staff("abc", agency.ScienceTech, false), nil},
		{"a group whose name contains supervisor", httpedge.StaffClaims{}, map[string]string{"sub": "s", "custom:agency": "procuratorate", "cognito:groups": "[not-supervisor]"},
			intake.Staff("s", agency.Procuratorate, false), nil},
		{"no agency", httpedge.StaffClaims{}, map[string]string{"sub": "s", "cognito:groups": "[supervisor]"}, intake.Actor{}, apperr.ErrForbidden},
		{"an unknown agency", httpedge.StaffClaims{}, map[string]string{"sub": "s", "custom:agency": "tax-bureau"}, intake.Actor{}, apperr.ErrForbidden},
		{"no subject", httpedge.StaffClaims{}, map[string]string{"cognito:username": "staff-procuratorate", "custom:agency": "procuratorate"}, intake.Actor{}, apperr.ErrUnauthorized},
		{"no claims", httpedge.StaffClaims{}, nil, intake.Actor{}, apperr.ErrUnauthorized},
		// Another provider's names (StaffAgencyClaim, StaffGroupsClaim).
		{"an agency IdP's claims", httpedge.StaffClaims{Agency: "agency", Groups: "groups"},
			map[string]string{"sub": "o", "agency": "cyberspace", "groups": "[supervisor]"}, intake.Staff("o", agency.Cyberspace, true), nil},
		{"an agency IdP's token, read by the pool's names", httpedge.StaffClaims{},
			map[string]string{"sub": "o", "agency": "cyberspace", "groups": "[supervisor]"}, intake.Actor{}, httpedge.ErrNoAgency},
		{"the pool's claims, read by other names", httpedge.StaffClaims{Agency: "agency", Groups: "groups"},
			map[string]string{"sub": "s", "custom:agency": "cyberspace", "cognito:groups": "[supervisor]"}, intake.Actor{}, httpedge.ErrNoAgency},
		{"groups by another name only", httpedge.StaffClaims{Groups: "roles"},
			map[string]string{"sub": "s", "custom:agency": "cyberspace", "cognito:groups": "[supervisor]", "roles": "[staff]"}, intake.Staff("s", agency.Cyberspace, false), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := withClaims(tt.claims).Staff(tt.names)
			if !errors.Is(err, tt.err) || tt.err == nil && err != nil {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if got != tt.want {
				t.Errorf("actor %+v, want %+v", got, tt.want)
			}
			// The console reads claims from its session's token: the same answer.
			if again, err2 := tt.names.Actor(tt.claims); again != got || !errors.Is(err2, tt.err) || (err2 == nil) != (err == nil) {
				t.Errorf("Actor = %+v, %v; Staff = %+v, %v", again, err2, got, err)
			}
		})
	}
}
