package web

import (
	"fmt"
	"net/url"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpedge"
)

// readForm reads an application/x-www-form-urlencoded post (which HTTP API hands
// over base64-encoded) within the JSON API's limits: it becomes one of its bodies.
func readForm(r httpedge.Request) (url.Values, error) {
	body, err := r.Body("application/x-www-form-urlencoded")
	if err != nil {
		return nil, err
	}
	values, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("%w: form not readable", apperr.ErrMalformed)
	}
	return values, nil
}

// localized is the page's path with its language, for links and form actions.
func localized(p string, lang forms.Lang) string {
	return p + "?lang=" + string(lang)
}
