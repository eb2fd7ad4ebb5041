package web_test

import (
	"regexp"
	"testing"
)

// An asset asked for by the URL the pages link, which carries its content's
// hash, may be cached for good; asked for otherwise, only briefly, since the
// content behind it changes with the next deployment.
func TestStaticCaching(t *testing.T) {
	page := newEnv().do(t, get("/", "")).Body
	link := regexp.MustCompile(`/static/style\.css\?v=([0-9a-f]+)"`).FindStringSubmatch(page)
	if link == nil {
		t.Fatal("the page links no versioned stylesheet")
	}
	tests := []struct {
		name, version, want string
	}{
		{"the linked version", link[1], "public, max-age=31536000, immutable"},
		{"another version", "0123456789ab", "public, max-age=300"},
		{"no version", "", "public, max-age=300"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			query := ""
			if tt.version != "" {
				query = "v=" + tt.version
			}
			ev := get("/static/{file}", query)
			ev.PathParameters = map[string]string{"file": "style.css"}
			resp := newEnv().do(t, ev)
			if resp.StatusCode != 200 || resp.Headers["Cache-Control"] != tt.want {
				t.Errorf("status %d, Cache-Control %q; want 200, %q", resp.StatusCode, resp.Headers["Cache-Control"], tt.want)
			}
		})
	}
}
