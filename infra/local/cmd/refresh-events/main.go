// Command refresh-events moves the preferred dates in the training samples of
// events/ to two and three weeks from today, since a training request must name
// dates 7 to 180 days ahead and checked-in samples age. `make events` runs it.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"time"
)

// preferredDates finds the list inside an event's body, where the form's JSON is
// a string and so its quotes are escaped. Replacing the text in place keeps the
// samples' layout and key order.
var preferredDates = regexp.MustCompile(`(\\"preferredDates\\":\s*\[)[^\]]*(\])`)

func main() {
	shanghai := time.FixedZone("CST", 8*3600)
	day := func(d int) string { return time.Now().In(shanghai).AddDate(0, 0, d).Format(time.DateOnly) }
	dates := fmt.Sprintf(`\"%s\", \"%s\"`, day(14), day(21))
	files, _ := filepath.Glob("events/*.json")
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if !preferredDates.Match(raw) {
			continue
		}
		out := preferredDates.ReplaceAll(raw, []byte("${1}"+dates+"${2}"))
		if err := os.WriteFile(f, out, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("%s: preferredDates %s, %s\n", f, day(14), day(21))
	}
}
