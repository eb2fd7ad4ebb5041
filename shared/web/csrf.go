package web

// The pages' CSRF cookie and form field (httpedge.CSRF: the cookie is named
// __Host-intake_csrf over HTTPS).
const (
	csrfCookie = "intake_csrf"
	csrfField  = "csrf"
)
