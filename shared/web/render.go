package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sync"
)

// firmFiles holds the firm's pages: templates/*.html and the assets under static/.
//
//go:embed templates/*.html static
var firmFiles embed.FS

// The firm's pages, each the layout around its content.
var pageNames = []string{"home", "form", "check", "confirmation", "status", "error"}

// Renderer renders one set of pages and serves their assets. Each set (the
// firm's pages here; a staff console its own) has its own Renderer.
type Renderer struct {
	files     fs.FS
	pages     []string
	assetPath string  // the URL path the assets are served at
	assetFS   []fs.FS // whose static/ files are the assets; the first of a name wins

	// Parsed on first use, not at init or construction: a cold start of the
	// function then pays only for what it serves.
	once     sync.Once
	compiled map[string]*template.Template
	assets   map[string]asset // by file name under static/
	err      error
}

// NewRenderer returns a Renderer of pages from files: for each page,
// templates/<page>.html inside templates/layout.html and templates/partials.html;
// and the assets, every file under static/, served at /static/. It reads
// nothing yet.
func NewRenderer(files fs.FS, pages ...string) *Renderer {
	return &Renderer{files: files, pages: pages, assetPath: "/static/", assetFS: []fs.FS{files}}
}

// NewRendererWithFirmAssets returns a Renderer of another site's pages (the
// staff console's) that look and behave as the firm's do, from one stylesheet
// and script: its assets are its own static/ files and the firm pages', served
// at assetPath ("/staff/static/").
func NewRendererWithFirmAssets(files fs.FS, assetPath string, pages ...string) *Renderer {
	return &Renderer{files: files, pages: pages, assetPath: assetPath, assetFS: []fs.FS{files, firmFiles}}
}

type asset struct {
	body        []byte
	contentType string
	version     string // a hash of the content, for cache-busting URLs
}

var contentTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".js":  "text/javascript; charset=utf-8",
}

var funcs = template.FuncMap{
	"summary": func(title string, links []errorLink) any {
		return struct {
			Title string
			Links []errorLink
		}{title, links}
	},
}

func (v *Renderer) load() error {
	v.once.Do(func() { v.compiled, v.assets, v.err = v.parse() })
	return v.err
}

func (v *Renderer) parse() (map[string]*template.Template, map[string]asset, error) {
	base, err := template.New("").Funcs(funcs).ParseFS(v.files, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, nil, err
	}
	compiled := map[string]*template.Template{}
	for _, name := range v.pages {
		t, err := template.Must(base.Clone()).ParseFS(v.files, "templates/"+name+".html")
		if err != nil {
			return nil, nil, err
		}
		compiled[name] = t
	}
	assets := map[string]asset{}
	for _, fsys := range v.assetFS {
		err = fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if _, ok := assets[path.Base(p)]; ok {
				return nil
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			assets[path.Base(p)] = asset{body: b, contentType: contentTypes[path.Ext(p)], version: hex.EncodeToString(sum[:6])}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return compiled, assets, nil
}

// Render executes a page, the layout around data, into a string.
func (v *Renderer) Render(name string, data any) (string, error) {
	if err := v.load(); err != nil {
		return "", fmt.Errorf("parse templates: %w", err)
	}
	t, ok := v.compiled[name]
	if !ok {
		return "", fmt.Errorf("render %s: no such page", name)
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", data); err != nil {
		return "", fmt.Errorf("render %s: %w", name, err)
	}
	return b.String(), nil
}

// AssetURL is an asset's URL with its content hash.
func (v *Renderer) AssetURL(name string) string {
	_ = v.load() // a failure is Render's to report; the URL then has no version
	return v.assetPath + name + "?v=" + v.assets[name].version
}

// page is what every page template gets: the language and path, the CSRF
// token, asset URLs and the page's own content.
type page struct {
	PageLang
	Title   string
	CSRF    string
	Content any
	view    *Renderer
}

// T returns a UI text in the page's language.
func (p page) T(key string) string { return text(key, p.Lang) }

// CSS and JS are the stylesheet's and script's URLs with their content hash.
func (p page) CSS() string { return p.view.AssetURL("style.css") }
func (p page) JS() string  { return p.view.AssetURL("app.js") }
