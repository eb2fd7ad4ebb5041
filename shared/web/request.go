package web

import (
	"strings"

	"github.com/putuo-compliance/intake/shared/forms"
)

// PageLang is a page's language and path: what its links and its language
// switch are made of. The firm's pages and the staff console's share it.
type PageLang struct {
	Lang forms.Lang
	Self string // this page's path (and query) without the language, for the switch
}

// Href is a link to another page in the same language.
func (p PageLang) Href(to string) string { return Localized(to, p.Lang) }

// Other is the language the switch offers.
func (p PageLang) Other() forms.Lang {
	if p.Lang == forms.EN {
		return forms.ZH
	}
	return forms.EN
}

// SwitchHref is this page in the other language.
func (p PageLang) SwitchHref() string { return Localized(p.Self, p.Other()) }

// Localized is a path of ours, with or without a query, with the language
// added, for links, form actions and redirects.
func Localized(p string, lang forms.Lang) string {
	sep := "?"
	if strings.Contains(p, "?") {
		sep = "&"
	}
	return p + sep + "lang=" + string(lang)
}
