// Package agency lists the public agencies whose queues the system feeds.
package agency

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

// Name returns the agency's name in lang ("en" or else zh-CN).
func (a Agency) Name(lang string) string {
	if lang == "en" {
		return a.EN
	}
	return a.ZH
}
