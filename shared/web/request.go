package web

import (
	"encoding/base64"
	"errors"
	"mime"
	"net/url"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpapi"
)

// maxBody is the largest form post accepted: the JSON API's limit, since a form
// post becomes one of its bodies.
const maxBody = httpapi.MaxBody

var (
	errTooLarge = errors.New("form too large")
	errBadForm  = errors.New("form not readable")
)

// request is what the pages need of an API Gateway event.
type request struct {
	ev   events.APIGatewayV2HTTPRequest
	lang forms.Lang
}

func newRequest(ev events.APIGatewayV2HTTPRequest) request {
	return request{ev: ev, lang: language(ev)}
}

// language is ?lang= when given, else Accept-Language; zh-CN by default.
func language(ev events.APIGatewayV2HTTPRequest) forms.Lang {
	if l := ev.QueryStringParameters["lang"]; l != "" {
		return forms.ParseLang(l)
	}
	return forms.ParseLang(httpapi.Header(ev, "accept-language"))
}

// cookie returns the named cookie. Payload format 2.0 passes cookies in their
// own list; a hand-made event may carry a Cookie header instead.
func (r request) cookie(name string) string {
	all := r.ev.Cookies
	if h := httpapi.Header(r.ev, "cookie"); h != "" {
		all = append(all, strings.Split(h, ";")...)
	}
	for _, c := range all {
		k, v, _ := strings.Cut(strings.TrimSpace(c), "=")
		if k == name {
			return v
		}
	}
	return ""
}

// secure reports whether the browser reached us over HTTPS, as API Gateway does;
// the local API speaks plain HTTP, where a Secure cookie would not come back.
func (r request) secure() bool {
	return httpapi.Header(r.ev, "x-forwarded-proto") == "https"
}

// form decodes an application/x-www-form-urlencoded body, which HTTP API hands
// over base64-encoded.
func (r request) form() (url.Values, error) {
	mt, _, err := mime.ParseMediaType(httpapi.Header(r.ev, "content-type"))
	if err != nil || mt != "application/x-www-form-urlencoded" {
		return nil, errBadForm
	}
	body := r.ev.Body
	if r.ev.IsBase64Encoded {
		if base64.StdEncoding.DecodedLen(len(body)) > maxBody+3 {
			return nil, errTooLarge
		}
		b, err := base64.StdEncoding.DecodeString(body)
		if err != nil {
			return nil, errBadForm
		}
		body = string(b)
	}
	if len(body) > maxBody {
		return nil, errTooLarge
	}
	values, err := url.ParseQuery(body)
	if err != nil {
		return nil, errBadForm
	}
	return values, nil
}

// localized is the page's path with its language, for links and form actions.
func localized(p string, lang forms.Lang) string {
	return p + "?lang=" + string(lang)
}
