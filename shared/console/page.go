package console

import (
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/web"
)

// page is what every console template gets.
type page struct {
	web.PageLang
	Title   string
	CSRF    string
	Staff   *staffView // the signed-in staff member; nil on the sign-in pages
	Errors  *errorSummary
	Notice  string // what just happened, in a banner
	Content any
	view    *web.Renderer
}

// staffView is the signed-in staff member as the page header shows them.
type staffView struct {
	Name       string // their user name: shown to them, logged nowhere
	Agency     string
	Supervisor bool
}

// errorSummary lists a page's errors, each linking to its field.
type errorSummary struct {
	Title string
	Links []errorLink
}

type errorLink struct {
	Href    string // "#<field id>"
	Message string
}

// T returns a UI text in the page's language.
func (p page) T(key string) string { return text(key, p.Lang) }

// The stylesheets (the firm pages', then the console's own) and the script,
// with their content hashes.
func (p page) CSS() string        { return p.view.AssetURL("style.css") }
func (p page) ConsoleCSS() string { return p.view.AssetURL("console.css") }
func (p page) JS() string         { return p.view.AssetURL("app.js") }

// shanghai is the time zone staff read times in.
var shanghai = time.FixedZone("CST", 8*3600)

// when writes a time as staff read it: Beijing time, to the minute.
func when(t time.Time) string { return t.In(shanghai).Format("2006-01-02 15:04") }

// agencyName is an agency's name in lang.
func agencyName(c agency.Code, lang forms.Lang) string {
	a, _ := agency.Lookup(c)
	return a.Name(string(lang))
}
