package forms

import (
	"strconv"
	"strings"
)

// ParseLang picks the language of the answer from an Accept-Language header or
// a ?lang= value: English when the most preferred of the languages we speak is
// English ("en", "en-US", ...), else Chinese. Malformed parts are skipped, never
// an error: a client's odd header must not cost it its answer.
func ParseLang(acceptLanguage string) Lang {
	best, bestQ := ZH, 0.0
	for rest := acceptLanguage; rest != ""; {
		var part string
		part, rest, _ = strings.Cut(rest, ",")
		tag, params, _ := strings.Cut(part, ";")
		tag = strings.ToLower(strings.TrimSpace(tag))
		var lang Lang
		switch {
		case tag == "en" || strings.HasPrefix(tag, "en-") || strings.HasPrefix(tag, "en_"):
			lang = EN
		case tag == "zh" || strings.HasPrefix(tag, "zh-") || strings.HasPrefix(tag, "zh_"):
			lang = ZH
		default:
			continue
		}
		if q := quality(params); q > bestQ { // ties keep the earlier, as listed first
			best, bestQ = lang, q
		}
	}
	return best
}

// quality reads the q parameter of one Accept-Language entry (1 when absent,
// 0 - not acceptable - when malformed).
func quality(params string) float64 {
	for rest := params; rest != ""; {
		var p string
		p, rest, _ = strings.Cut(rest, ";")
		name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.TrimSpace(name) != "q" {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || !(q >= 0 && q <= 1) { // also refuses NaN
			return 0
		}
		return q
	}
	return 1
}
