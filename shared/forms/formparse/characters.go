package formparse

import (
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The rule on characters that every text a form holds meets, applied in one
// place - the decoder, as each string arrives - so that no field can miss it:
//
//   - Text is normalised to NFC, so that one name has one spelling: "é" typed
//     as e and a combining accent is stored as the single "é".
//   - Text must not hold invisible characters: the Unicode categories Cf
//     (format: zero-width spaces and joiners, direction marks and overrides,
//     U+FEFF, the soft hyphen U+00AD, the tag characters U+E0000-U+E007F) and
//     Co (private use), and the other default-ignorable characters and
//     variation selectors (the Hangul fillers U+3164, U+115F, U+1160, U+FFA0,
//     U+034F). A reader cannot see them, so they make look-alikes of what staff
//     read - "Acme\u200BLtd" is another company than "AcmeLtd" - and can make
//     text read otherwise than it is stored.
//
// Control characters are the fields' own rules (singleline, text): a
// description may hold line breaks and a name may not.
func normalizeText(s string) (string, bool) {
	s = norm.NFC.String(s)
	for _, r := range s {
		if invisible(r) {
			return s, false
		}
	}
	return s, true
}

// invisible reports whether r is one of the characters normalizeText refuses.
func invisible(r rune) bool {
	return unicode.In(r, unicode.Cf, unicode.Co, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)
}
