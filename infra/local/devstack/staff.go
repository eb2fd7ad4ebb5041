package devstack

import (
	"fmt"
	"time"

	"github.com/putuo-compliance/intake/infra/local/devapi"
	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
	"github.com/putuo-compliance/intake/shared/jwtauth"
)

// guardRoutes puts each route's authorizer from the template in front of it, as
// API Gateway does; routes[i] is served for tr[i]. Each authorizer is built once,
// so its keys are fetched once; now is their clock (nil: time.Now).
func guardRoutes(routes []devapi.Route, tr []samtemplate.Route, stack *provision.Stack, now func() time.Time) error {
	built := map[string]*devapi.JWTAuthorizer{}
	for i, r := range tr {
		if r.Authorizer == "" {
			continue
		}
		a, ok := built[r.Authorizer]
		if !ok {
			def, err := stack.JWTAuthorizer("", r.Authorizer)
			if err != nil {
				return fmt.Errorf("route %s: %w", r.Key(), err)
			}
			if a, err = devapi.NewJWTAuthorizer(devapi.JWTConfig{
				Config:         jwtauth.Config{Issuer: def.Issuer, Audience: def.Audience, KeysURL: def.JWKSURL, Now: now},
				IdentitySource: def.IdentitySource,
			}); err != nil {
				return fmt.Errorf("route %s: %w", r.Key(), err)
			}
			built[r.Authorizer] = a
		}
		routes[i].Authorizer, routes[i].Scopes = a, r.Scopes
	}
	return nil
}
