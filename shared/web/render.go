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

	"github.com/putuo-compliance/intake/shared/forms"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// The pages, each the layout around its content.
var pageNames = []string{"home", "form", "check", "confirmation", "status", "error"}

// Templates are parsed on the first request, not in init: a cold start of the
// function then pays only for what it serves.
var (
	parseOnce sync.Once
	compiled  map[string]*template.Template
	assets    map[string]asset // by file name under static/
	parseErr  error
)

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

func load() error {
	parseOnce.Do(func() {
		compiled = map[string]*template.Template{}
		base, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html")
		if err != nil {
			parseErr = err
			return
		}
		for _, name := range pageNames {
			t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html")
			if err != nil {
				parseErr = err
				return
			}
			compiled[name] = t
		}
		assets = map[string]asset{}
		parseErr = fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := staticFS.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			assets[path.Base(p)] = asset{body: b, contentType: contentTypes[path.Ext(p)], version: hex.EncodeToString(sum[:6])}
			return nil
		})
	})
	return parseErr
}

// page is what every page template gets: the language, the CSRF token, asset
// URLs and the page's own content.
type page struct {
	Lang    forms.Lang
	Title   string
	Self    string // this page's path, for the language switch
	CSRF    string
	Content any
}

// T returns a UI text in the page's language.
func (p page) T(key string) string { return text(key, p.Lang) }

// Href is a link to another page in the same language.
func (p page) Href(to string) string { return localized(to, p.Lang) }

// Other is the language the switch offers.
func (p page) Other() forms.Lang {
	if p.Lang == forms.EN {
		return forms.ZH
	}
	return forms.EN
}

// SwitchHref is this page in the other language.
func (p page) SwitchHref() string { return localized(p.Self, p.Other()) }

// CSS and JS are the stylesheet's and script's URLs with their content hash.
func (p page) CSS() string { return assetURL("style.css") }
func (p page) JS() string  { return assetURL("app.js") }

func assetURL(name string) string {
	return "/static/" + name + "?v=" + assets[name].version
}

// render executes a page into a string.
func render(name string, p page) (string, error) {
	if err := load(); err != nil {
		return "", fmt.Errorf("parse templates: %w", err)
	}
	var b bytes.Buffer
	if err := compiled[name].ExecuteTemplate(&b, "layout", p); err != nil {
		return "", fmt.Errorf("render %s: %w", name, err)
	}
	return b.String(), nil
}
