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
		claims map[string]string
		want   intake.Actor
		err    error
	}{
		{"staff", map[string]string{"sub": "u-1", "cognito:username": "staff-procuratorate", "custom:agency": "procuratorate", "cognito:groups": "[staff]"},
			intake.Staff("u-1", agency.Procuratorate, false), nil},
		{"supervisor, as API Gateway renders groups", map[string]string{"sub": "s", "cognito:username": "supervisor-procuratorate", "custom:agency": "procuratorate", "cognito:groups": "[staff supervisor]"},
			intake.Staff("s", agency.Procuratorate, true), nil},
		{"supervisor, groups as JSON", map[string]string{"sub": "s", "custom:agency": "cyberspace", "cognito:groups": `["supervisor","staff"]`},
			intake.Staff("s", agency.Cyberspace, true), nil},
		{"another provider: the subject", map[string]string{"sub": "abc", "custom:agency": "science-tech"},
			intake.Staff("abc", agency.ScienceTech, false), nil},
		{"a group whose name contains supervisor", map[string]string{"sub": "s", "custom:agency": "procuratorate", "cognito:groups": "[not-supervisor]"},
			intake.Staff("s", agency.Procuratorate, false), nil},
		{"no agency", map[string]string{"sub": "s", "cognito:groups": "[supervisor]"}, intake.Actor{}, apperr.ErrForbidden},
		{"an unknown agency", map[string]string{"sub": "s", "custom:agency": "tax-bureau"}, intake.Actor{}, apperr.ErrForbidden},
		{"no subject", map[string]string{"cognito:username": "staff-procuratorate", "custom:agency": "procuratorate"}, intake.Actor{}, apperr.ErrUnauthorized},
		{"no claims", nil, intake.Actor{}, apperr.ErrUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := withClaims(tt.claims).Staff()
			if !errors.Is(err, tt.err) || tt.err == nil && err != nil {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if got != tt.want {
				t.Errorf("actor %+v, want %+v", got, tt.want)
			}
		})
	}
}
