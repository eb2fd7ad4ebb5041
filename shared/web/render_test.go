package web_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/putuo-compliance/intake/shared/web"
)

// Each Renderer has its own template set (a staff console can have its own), and
// reads its files only when first used: construction is free at cold start.
func TestRendererInstances(t *testing.T) {
	files := func(greeting string) fstest.MapFS {
		return fstest.MapFS{
			"templates/layout.html":   {Data: []byte(`{{define "layout"}}<link href="{{.CSS}}">{{template "content" .}}{{end}}`)},
			"templates/partials.html": {Data: []byte(`{{define "unused"}}{{end}}`)},
			"templates/hello.html":    {Data: []byte(`{{define "content"}}` + greeting + ` {{.Name}}{{end}}`)},
			"static/style.css":        {Data: []byte("body{}")},
		}
	}
	data := func(v *web.Renderer) any {
		return struct{ Name, CSS string }{"<b>", v.AssetURL("style.css")}
	}
	opened := &countingFS{FS: files("firm")}
	console, pages := web.NewRenderer(files("staff"), "hello"), web.NewRenderer(opened, "hello")
	if opened.n != 0 {
		t.Fatalf("NewRenderer opened %d files; templates are parsed on first use", opened.n)
	}
	for _, tt := range []struct {
		v    *web.Renderer
		want string
	}{{console, "staff &lt;b&gt;"}, {pages, "firm &lt;b&gt;"}} {
		got, err := tt.v.Render("hello", data(tt.v))
		if err != nil || !strings.HasSuffix(got, tt.want) || !strings.Contains(got, `href="/static/style.css?v=`) {
			t.Errorf("Render = %q, %v; want it to end %q with a versioned asset URL", got, err, tt.want)
		}
	}
	if opened.n == 0 {
		t.Fatal("rendered without reading the templates")
	}
	n := opened.n
	if _, err := pages.Render("hello", data(pages)); err != nil || opened.n != n {
		t.Errorf("a second render read %d more files (err %v); templates are parsed once", opened.n-n, err)
	}
	if _, err := pages.Render("missing", nil); err == nil {
		t.Error("an unknown page rendered")
	}

	broken := fstest.MapFS{"templates/layout.html": {Data: []byte(`{{define "layout"}}{{.Oops`)}}
	v := web.NewRenderer(broken, "hello") // reads nothing yet, so cannot fail here
	if _, err := v.Render("hello", nil); err == nil {
		t.Error("a broken template set rendered")
	}
	if resp := v.Static("style.css", ""); resp.StatusCode != 500 {
		t.Errorf("static from a broken set: %d", resp.StatusCode)
	}
}

// countingFS counts the files opened through it.
type countingFS struct {
	fs.FS
	n int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.n++
	return c.FS.Open(name)
}

// A console's Renderer serves its own assets and the firm pages' stylesheet and
// script at its own path; its own file of a name wins.
func TestRendererWithFirmAssets(t *testing.T) {
	files := fstest.MapFS{
		"templates/layout.html":   {Data: []byte(`{{define "layout"}}{{template "content" .}}{{end}}`)},
		"templates/partials.html": {Data: []byte(``)},
		"templates/hello.html":    {Data: []byte(`{{define "content"}}hi{{end}}`)},
		"static/console.css":      {Data: []byte(".console{}")},
		"static/app.js":           {Data: []byte("// the console's own")},
	}
	v := web.NewRendererWithFirmAssets(files, "/staff/static/", "hello")
	tests := []struct {
		file, wantBody string
	}{
		{"console.css", ".console{}"},
		{"style.css", "system-ui"}, // the firm pages' stylesheet
		{"app.js", "the console's own"},
	}
	for _, tt := range tests {
		resp := v.Static(tt.file, "")
		if resp.StatusCode != 200 || !strings.Contains(resp.Body, tt.wantBody) {
			t.Errorf("%s: %d %.60q, want %q", tt.file, resp.StatusCode, resp.Body, tt.wantBody)
		}
		if u := v.AssetURL(tt.file); !strings.HasPrefix(u, "/staff/static/"+tt.file+"?v=") || strings.HasSuffix(u, "=") {
			t.Errorf("AssetURL(%s) = %q", tt.file, u)
		}
	}
	if resp := v.Static("status.html", ""); resp.StatusCode != 404 {
		t.Errorf("a firm template served as an asset: %d", resp.StatusCode)
	}
}
