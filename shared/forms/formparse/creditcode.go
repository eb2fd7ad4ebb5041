package formparse

import "strings"

// creditCodeAlphabet is the character set of the unified social credit code
// (GB 32100-2015): digits and capitals without I, O, S, V and Z, which are easy to
// misread. A character's position in it is its value in the check computation.
const creditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditCodeWeights are the weights of the first 17 characters (3^i mod 31).
var creditCodeWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// creditCodeWellFormed reports whether code has 18 characters from the alphabet.
// Lower case is refused rather than folded: the code is printed in capitals on the
// business licence, and we keep what the firm sent.
func creditCodeWellFormed(code string) bool {
	if len(code) != 18 {
		return false
	}
	for i := 0; i < len(code); i++ {
		if strings.IndexByte(creditCodeAlphabet, code[i]) < 0 {
			return false
		}
	}
	return true
}

// creditCodeChecks reports whether the 18th character of a well-formed code is
// its check character: 31 - (weighted sum mod 31), with 31 written as 0.
func creditCodeChecks(code string) bool {
	sum := 0
	for i, w := range creditCodeWeights {
		sum += strings.IndexByte(creditCodeAlphabet, code[i]) * w
	}
	check := (31 - sum%31) % 31
	return code[17] == creditCodeAlphabet[check]
}
