package devapi

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// Route is one HTTP API route and the handler its integration invokes.
type Route struct {
	Method   string // upper-case, or "ANY"
	Path     string // "/v1/submissions/{reference}", "/files/{proxy+}", or "$default"
	Function string // logical ID of the function, for the access log
	Handler  Handler

	// Authorizer, when set, must accept the request before the handler runs;
	// Scopes are the route's authorization scopes (one of them must be granted).
	Authorizer *JWTAuthorizer
	Scopes     []string
}

// Key is the route key as API Gateway writes it into the event ("POST /v1/consultations").
func (r Route) Key() string {
	if r.Path == defaultRoute {
		return defaultRoute
	}
	return r.Method + " " + r.Path
}

const defaultRoute = "$default"

type segKind int

// Ordered from most to least specific: API Gateway prefers the route that matches
// with literal segments over one with parameters, and greedy ones last.
const (
	literal segKind = iota
	param
	greedy
)

type segment struct {
	kind segKind
	text string // the literal, or the parameter's name
}

type compiledRoute struct {
	Route
	segs []segment
}

// router picks the most specific route for a request, as HTTP API does.
type router struct {
	routes []compiledRoute
}

func newRouter(routes []Route) (*router, error) {
	seen := make(map[string]bool, len(routes))
	var out []compiledRoute
	for _, r := range routes {
		if r.Handler == nil {
			return nil, fmt.Errorf("devapi: route %q has no handler", r.Key())
		}
		r.Method = strings.ToUpper(r.Method)
		cr, err := compile(r)
		if err != nil {
			return nil, err
		}
		if seen[r.Key()] {
			return nil, fmt.Errorf("devapi: route %q declared twice", r.Key())
		}
		seen[r.Key()] = true
		out = append(out, cr)
	}
	sort.SliceStable(out, func(i, j int) bool { return moreSpecific(out[i], out[j]) })
	return &router{routes: out}, nil
}

func compile(r Route) (compiledRoute, error) {
	if r.Path == defaultRoute {
		return compiledRoute{Route: r}, nil
	}
	if !strings.HasPrefix(r.Path, "/") {
		return compiledRoute{}, fmt.Errorf("devapi: route %q: path must start with /", r.Key())
	}
	if r.Path == healthPath {
		return compiledRoute{}, fmt.Errorf("devapi: route %q: %s is served by the local API itself", r.Key(), healthPath)
	}
	parts := strings.Split(r.Path[1:], "/")
	segs := make([]segment, 0, len(parts))
	names := map[string]bool{}
	for i, p := range parts {
		switch {
		case strings.HasPrefix(p, "{") && strings.HasSuffix(p, "+}"):
			if i != len(parts)-1 {
				return compiledRoute{}, fmt.Errorf("devapi: route %q: greedy parameter must be the last segment", r.Key())
			}
			segs = append(segs, segment{kind: greedy, text: p[1 : len(p)-2]})
		case strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}"):
			segs = append(segs, segment{kind: param, text: p[1 : len(p)-1]})
		default:
			segs = append(segs, segment{kind: literal, text: p})
			continue
		}
		name := segs[len(segs)-1].text
		if name == "" || names[name] {
			return compiledRoute{}, fmt.Errorf("devapi: route %q: empty or repeated parameter %q", r.Key(), name)
		}
		names[name] = true
	}
	return compiledRoute{Route: r, segs: segs}, nil
}

// moreSpecific orders routes so that the first match is the one API Gateway picks:
// literal before parameter before greedy, segment by segment; an exact method
// before ANY; $default last.
func moreSpecific(a, b compiledRoute) bool {
	if (a.Path == defaultRoute) != (b.Path == defaultRoute) {
		return b.Path == defaultRoute
	}
	for i := 0; i < len(a.segs) && i < len(b.segs); i++ {
		if a.segs[i].kind != b.segs[i].kind {
			return a.segs[i].kind < b.segs[i].kind
		}
	}
	if len(a.segs) != len(b.segs) {
		return len(a.segs) > len(b.segs)
	}
	return a.Method != "ANY" && b.Method == "ANY"
}

// match returns the route for method and escapedPath with its path parameters.
// A path that matches only routes of other methods is not found, as in HTTP API.
func (rt *router) match(method, escapedPath string) (compiledRoute, map[string]string, bool) {
	parts := strings.Split(strings.TrimPrefix(escapedPath, "/"), "/")
	for _, r := range rt.routes {
		if r.Method != "ANY" && r.Method != method {
			continue
		}
		if r.Path == defaultRoute {
			return r, nil, true
		}
		if params, ok := r.matchPath(parts); ok {
			return r, params, true
		}
	}
	return compiledRoute{}, nil, false
}

func (r compiledRoute) matchPath(parts []string) (map[string]string, bool) {
	var params map[string]string
	set := func(name, raw string) {
		if params == nil {
			params = map[string]string{}
		}
		if v, err := url.PathUnescape(raw); err == nil {
			raw = v
		}
		params[name] = raw
	}
	for i, s := range r.segs {
		if s.kind == greedy {
			rest := parts[i:]
			if len(rest) == 0 || (len(rest) == 1 && rest[0] == "") {
				return nil, false
			}
			set(s.text, strings.Join(rest, "/"))
			return params, true
		}
		if i >= len(parts) {
			return nil, false
		}
		switch s.kind {
		case literal:
			p, err := url.PathUnescape(parts[i])
			if err != nil || p != s.text {
				return nil, false
			}
		case param:
			if parts[i] == "" {
				return nil, false
			}
			set(s.text, parts[i])
		}
	}
	return params, len(parts) == len(r.segs)
}
