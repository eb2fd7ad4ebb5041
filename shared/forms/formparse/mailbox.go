package formparse

import "strings"

// validMailbox is the forms' rule for an e-mail address, stricter than RFC 5322
// on purpose: the address is shown to staff and handed to SES, so it must be one
// plain mailbox that reads as it is. It is what a browser's <input type=email>
// accepts (WHATWG's "valid e-mail address"), tightened:
//
//   - ASCII only, at most 254 characters, exactly one "@";
//   - the local part 1 to 64 characters: letters, digits and
//     ! # $ % & ' * + - / = ? ^ _ ` { | } ~, with dots between them (not first,
//     last or twice in a row). No quoted local parts ("a@evil.example,x"@...),
//     no spaces, no comments;
//   - the domain two or more labels of letters, digits and hyphens, each 1 to
//     63 characters, not starting or ending with a hyphen, the last not all
//     digits: a host name, no address literal ([192.0.2.1]) or bare host.
//     An internationalised domain is given in its xn-- form.
//
// Control, format and bidirectional characters fail the ASCII rule.
func validMailbox(s string) bool {
	if len(s) > 254 {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	return ok && validLocalPart(local) && validDomain(domain)
}

// atextSymbols are the symbols RFC 5322's atext allows besides letters and digits.
const atextSymbols = "!#$%&'*+-/=?^_`{|}~"

func validLocalPart(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for atom := range strings.SplitSeq(s, ".") {
		if atom == "" { // a leading, trailing or doubled dot
			return false
		}
		for i := range len(atom) {
			if c := atom[i]; !isLetterOrDigit(c) && !strings.ContainsRune(atextSymbols, rune(c)) {
				return false
			}
		}
	}
	return true
}

func validDomain(s string) bool {
	labels := strings.Split(s, ".") // an "@" here fails as a character
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := range len(l) {
			if c := l[i]; !isLetterOrDigit(c) && c != '-' {
				return false
			}
		}
	}
	return strings.Trim(labels[len(labels)-1], "0123456789") != ""
}

func isLetterOrDigit(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
