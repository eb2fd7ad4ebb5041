package browsertest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// tab opens a new tab of the shared browser for one test.
func tab(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	ctx, cancelTimeout := context.WithTimeout(ctx, 45*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	return ctx
}

func run(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// get runs an action that gives a value.
func get[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// shot saves a full-page screenshot as artifacts/screenshots/<name>.png.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png := get(t, ctx, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(shotsDir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// view saves what the window shows, as <name>.png: the top of a long page.
func view(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png := get(t, ctx, chromedp.CaptureScreenshot())
	if err := os.WriteFile(filepath.Join(shotsDir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// narrow checks the page at 320 CSS pixels: nothing may stick out sideways.
func narrow(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	run(t, ctx, chromedp.EmulateViewport(320, 640))
	width := get(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if width > 320 {
		t.Errorf("%s is %dpx wide at a 320px viewport", name, width)
	}
	shot(t, ctx, name+"-320")
	view(t, ctx, name+"-320-top")
	run(t, ctx, chromedp.EmulateViewport(1024, 800))
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return strings.TrimSpace(get(t, ctx, chromedp.Text(chromedp.CSS(sel))))
}

func activeClass(t *testing.T, ctx context.Context) string {
	t.Helper()
	return get(t, ctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.className : ""`))
}

func activeID(t *testing.T, ctx context.Context) string {
	t.Helper()
	return get(t, ctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ""`))
}

// tabTo presses Tab until the element with id has focus: the keyboard-only way
// to reach a control. It fails if the control is not reachable.
func tabTo(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	for range 80 {
		if activeID(t, ctx) == id {
			return
		}
		run(t, ctx, chromedp.KeyEvent(kb.Tab))
	}
	t.Fatalf("#%s not reachable with Tab", id)
}

// press types keys into the focused control.
func press(t *testing.T, ctx context.Context, keys string) {
	t.Helper()
	run(t, ctx, chromedp.KeyEvent(keys))
}

// fill is a way to fill in a form: text boxes typed into, choices clicked.
type fill struct {
	types   map[string]string // id -> text
	clicks  []string          // ids of radios and checkboxes
	selects map[string]string // id -> option value
	replace bool              // clear the text boxes first
}

func (f fill) do(t *testing.T, ctx context.Context) {
	t.Helper()
	var actions []chromedp.Action[chromedp.Void]
	for id, s := range f.types {
		if f.replace {
			actions = append(actions, chromedp.Clear(chromedp.ID(id)))
		}
		actions = append(actions, chromedp.SendKeys(chromedp.ID(id), s))
	}
	for _, id := range f.clicks {
		actions = append(actions, chromedp.Click(chromedp.ID(id)))
	}
	for id, v := range f.selects {
		actions = append(actions, chromedp.SetValue(chromedp.ID(id), v))
	}
	run(t, ctx, actions...)
}

// day is a date n days from today in Shanghai, as the forms take it.
func day(n int) string {
	return time.Now().In(time.FixedZone("CST", 8*3600)).AddDate(0, 0, n).Format(time.DateOnly)
}

// sentMail returns the bodies of the e-mails moto kept that mention reference.
func sentMail(t *testing.T, reference string) []string {
	t.Helper()
	resp, err := http.Get(motoURL + "/moto-api/data.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var data map[string]map[string][]map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&data); err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, m := range data["ses"]["Message"] {
		subject, _ := m["subject"].(string)
		body, _ := m["body"].(string)
		if strings.Contains(subject, reference) || strings.Contains(body, reference) {
			found = append(found, subject+"\n"+body)
		}
	}
	return found
}
