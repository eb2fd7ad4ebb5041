package forms

import "github.com/putuo-compliance/intake/shared/apperr"

// KnownPath returns the catalog path of the field a JSON path names (list indexes
// dropped), "(body)" for the body as a whole, and "(other)" for anything else: a
// name a client made up, which may be any text it chose. Logs and metrics use
// it, so they never carry a client's text and their field values stay few.
func KnownPath(path string) string {
	if path == "" {
		return "(body)"
	}
	if f, ok := Lookup(path); ok {
		return f.Path
	}
	return "(other)"
}

// FieldCodes lists field errors as "path:code" for a log line, with KnownPath's
// paths.
func FieldCodes(fields []apperr.FieldError) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = KnownPath(f.Field) + ":" + f.Code
	}
	return out
}
