package web

import (
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/shared/httpedge"
)

// Static answers GET /static/{file}: an embedded stylesheet or script. A URL
// carrying the content's hash (version) may be cached for good; any other only
// briefly.
func (v *Renderer) Static(file, version string) events.APIGatewayV2HTTPResponse {
	if err := v.load(); err != nil {
		return PlainResponse(http.StatusInternalServerError)
	}
	a, ok := v.assets[file]
	if !ok {
		return PlainResponse(http.StatusNotFound)
	}
	cache := "public, max-age=300"
	if version == a.version {
		cache = "public, max-age=31536000, immutable"
	}
	resp := httpedge.Response(http.StatusOK, a.contentType, string(a.body))
	resp.Headers["Cache-Control"] = cache
	return resp
}
