package web

import (
	"net/http"

	"github.com/aws/aws-lambda-go/events"
)

// static serves the embedded stylesheet and script. A URL carrying the content's
// hash may be cached for good; any other only briefly.
func static(r request) events.APIGatewayV2HTTPResponse {
	if err := load(); err != nil {
		return plainResponse(http.StatusInternalServerError)
	}
	a, ok := assets[r.ev.PathParameters["file"]]
	if !ok {
		return plainResponse(http.StatusNotFound)
	}
	cache := "public, max-age=300"
	if r.ev.QueryStringParameters["v"] == a.version {
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
