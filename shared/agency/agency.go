// Package agency lists the public agencies whose queues the system feeds.
package agency

import "strings"

// Code is an agency's stable identifier, as used in routing rules, queue names and
// staff tokens.
type Code string

// The agencies of the Putuo compliance consensus framework.
const (
	Procuratorate       Code = "procuratorate"
	PublicSecurity      Code = "public-security"
	ScienceTech         Code = "science-tech"
	Cyberspace          Code = "cyberspace"
	IndustryAssociation Code = "industry-association"
)

// Agency is one agency with its names for people.
type Agency struct {
	Code Code
	ZH   string
	EN   string
}

// All lists every agency in a stable order.
var All = []Agency{
	{Procuratorate, "普陀区人民检察院", "Putuo District People's Procuratorate"},
	{PublicSecurity, "普陀公安分局", "Putuo Public Security Sub-bureau"},
	{ScienceTech, "普陀区科学技术委员会", "Putuo Science and Technology Commission"},
	{Cyberspace, "普陀区委网信办", "Putuo Cyberspace Affairs Office"},
	{IndustryAssociation, "普陀区互联网行业协会", "Putuo Internet Industry Association"},
}

// Lookup returns the agency with code c.
func Lookup(c Code) (Agency, bool) {
	for _, a := range All {
		if a.Code == c {
			return a, true
		}
	}
	return Agency{}, false
}

// ID is the code in the form template.yaml's logical IDs take, which allow only
// letters and digits: each part capitalised, the dashes dropped
// ("public-security" is "PublicSecurity"). The template's loops over the
// agencies name their resources and variables by it.
func (c Code) ID() string {
	var b strings.Builder
	for part := range strings.SplitSeq(string(c), "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// Name returns the agency's name in lang ("en" or else zh-CN).
func (a Agency) Name(lang string) string {
	if lang == "en" {
		return a.EN
	}
	return a.ZH
}
