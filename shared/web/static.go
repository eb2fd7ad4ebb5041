package web

import (
	"net/http"

	"github.com/aws/aws-lambda-go/events"
)

// Static answers GET /static/{file}: an embedded stylesheet or script. A URL
// carrying the content's hash (version) may be cached for good; any other only
// briefly.
func (v *Renderer) Static(file, version string) events.APIGatewayV2HTTPResponse {
	if err := v.load(); err != nil {
		return plainResponse(http.StatusInternalServerError)
	}
	a, ok := v.assets[file]
	if !ok {
		return plainResponse(http.StatusNotFound)
	}
	cache := "public, max-age=300"
	if version == a.version {
		cache = "public, max-age=31536000, immutable"
	}
	return events.APIGatewayV2HTTPResponse{
		StatusCode: http.StatusOK,
		Headers: map[string]string{
			"Content-Type":           a.contentType,
			"Cache-Control":          cache,
			"X-Content-Type-Options": "nosniff",
		},
		Body: string(a.body),
	}
}
