package localtest

import (
	"encoding/json"
	"time"
)

// CurrentDates returns a sample request body with a training request's
// preferred dates moved to two and three weeks from today: they must be 7 to 180
// days ahead, and the samples in events/ age. Other bodies come back unchanged.
func CurrentDates(body string) string {
	var form map[string]any
	if json.Unmarshal([]byte(body), &form) != nil {
		return body
	}
	training, ok := form["training"].(map[string]any)
	if !ok {
		return body
	}
	shanghai := time.FixedZone("CST", 8*3600)
	day := func(d int) string { return time.Now().In(shanghai).AddDate(0, 0, d).Format(time.DateOnly) }
	training["preferredDates"] = []string{day(14), day(21)}
	out, err := json.Marshal(form)
	if err != nil {
		return body
	}
	return string(out)
}
