package devstack_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/putuo-compliance/intake/infra/local/devstack"
	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/infra/local/moto"
)

const templatePath = "../../../template.yaml"

// TestLocalStack starts the whole stack on free ports, as `make run` does, talks
// to it over HTTP, then stops it and checks that nothing it started is left.
func TestLocalStack(t *testing.T) {
	if testing.Short() {
		t.Skip("starts moto_server")
	}
	if _, err := exec.LookPath("moto_server"); err != nil && os.Getenv("AWS_ENDPOINT_URL") == "" {
		t.Skip(`moto_server is not installed (pip install "moto[server]")`)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	api := "http://" + ln.Addr().String()
	var stdout, stderr localtest.SyncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan devstack.Info, 1)
	done := make(chan error, 1)
	var later atomic.Int64 // how far ahead the authorizers' clock runs
	now := func() time.Time { return time.Now().Add(time.Duration(later.Load())) }
	go func() {
		done <- devstack.Run(ctx, devstack.Options{
			Listener:  ln,
			Template:  templatePath,
			StackName: "devstack-test",
			Getenv:    os.Getenv,
			Stdout:    &stdout,
			Stderr:    &stderr,
			OnReady:   func(info devstack.Info) { ready <- info },
			Now:       now,
		})
	}()
	defer func() {
		if t.Failed() {
			t.Logf("stderr:\n%s\nlogs:\n%s", stderr.String(), stdout.String())
		}
	}()

	var info devstack.Info
	select {
	case info = <-ready:
	case err := <-done:
		t.Fatalf("Run returned before the stack was ready: %v", err)
	case <-time.After(2 * time.Minute):
		t.Fatal("stack not ready after 2 minutes")
	}

	t.Run("healthz", func(t *testing.T) {
		status, body := call(t, "GET", api+"/healthz", nil, nil)
		if status != 200 || body != `{"status":"ok"}` {
			t.Errorf("GET /healthz = %d %s", status, body)
		}
	})

	t.Run("submission and status", func(t *testing.T) {
		jsonHeaders := map[string]string{"Content-Type": "application/json"}
		status, body := call(t, "POST", api+"/v1/consultations", jsonHeaders, strings.NewReader(devstack.SampleConsultation))
		if status != 201 {
			t.Fatalf("POST sample consultation = %d %s, want 201", status, body)
		}
		var receipt struct{ Reference, StatusToken string }
		if err := json.Unmarshal([]byte(body), &receipt); err != nil || receipt.Reference == "" || receipt.StatusToken == "" {
			t.Fatalf("receipt %s: %v", body, err)
		}
		invalid := strings.Replace(devstack.SampleConsultation, "91310107MA1G8K3Q33", "91310107MA1G8K3Q34", 1)
		tests := []struct {
			name        string
			giveMethod  string
			givePath    string
			giveHeaders map[string]string
			giveBody    string
			wantStatus  int
			wantInBody  string
		}{
			{"status with token", "GET", "/v1/submissions/" + receipt.Reference, map[string]string{"X-Status-Token": receipt.StatusToken}, "", 200, receipt.Reference},
			{"status with wrong token", "GET", "/v1/submissions/" + receipt.Reference, map[string]string{"X-Status-Token": "wrong"}, "", 404, ""},
			{"invalid credit code", "POST", "/v1/consultations", jsonHeaders, invalid, 400, "company.creditCode"},
			{"unknown route", "GET", "/v1/nothing", nil, "", 404, `{"message":"Not Found"}`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				status, body := call(t, tt.giveMethod, api+tt.givePath, tt.giveHeaders, strings.NewReader(tt.giveBody))
				if status != tt.wantStatus || !strings.Contains(body, tt.wantInBody) {
					t.Errorf("%s %s = %d %s, want %d with %q", tt.giveMethod, tt.givePath, status, body, tt.wantStatus, tt.wantInBody)
				}
			})
		}
	})

	t.Run("serves exactly the template's routes", func(t *testing.T) {
		want := templateRoutes(t)
		var got []string
		for _, r := range info.Routes {
			got = append(got, r.Method+" "+r.Path+" "+r.Function)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("served routes\n%s\nwant the template's\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		for _, r := range want { // and each one answers, not the gateway's 404
			f := strings.Fields(r)
			path := strings.NewReplacer("{", "", "}", "", "+", "").Replace(f[1])
			status, body := call(t, f[0], api+path, nil, nil)
			if status == 404 && body == `{"message":"Not Found"}` {
				t.Errorf("%s %s: the API has no such route", f[0], f[1])
			}
		}
	})

	t.Run("event source: partial batch, poison to the DLQ", func(t *testing.T) {
		testEventSource(t, info)
	})

	t.Run("staff API through the stack", func(t *testing.T) {
		testStaffThroughStack(t, info, &later)
	})

	t.Run("banner", func(t *testing.T) {
		banner := stderr.String()
		for _, want := range append([]string{api, info.MotoURL, "curl", "X-Status-Token", devstack.SampleConsultation}, info.Tables...) {
			if !strings.Contains(banner, want) {
				t.Errorf("banner lacks %q", want)
			}
		}
	})

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run after cancel: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return 30 s after cancel")
	}
	if !strings.HasSuffix(stderr.String(), "stopped\n") {
		t.Errorf("stderr does not end with the stop line: %q", tail(stderr.String()))
	}
	if _, err := http.Get(api + "/healthz"); err == nil {
		t.Error("API still answers after Run returned")
	}
	if info.MotoURL != "" {
		if _, err := http.Get(info.MotoURL + "/moto-api/data.json"); err == nil {
			t.Error("moto_server still answers after Run returned")
		}
	}
}

// TestRunWithoutMoto: where moto_server is missing, Run says how to install it.
func TestRunWithoutMoto(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	getenv := func(name string) string {
		if strings.HasPrefix(name, "AWS_ENDPOINT_URL") {
			return ""
		}
		return os.Getenv(name)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	err = devstack.Run(context.Background(), devstack.Options{
		Listener: ln, Template: templatePath, StackName: "x",
		Getenv: getenv, Stdout: io.Discard, Stderr: io.Discard,
	})
	if !errors.Is(err, moto.ErrNotInstalled) {
		t.Fatalf("err = %v, want moto.ErrNotInstalled", err)
	}
	if !strings.Contains(err.Error(), `pip install "moto[server]"`) {
		t.Errorf("error %q does not say how to install moto", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Error("API still answers after Run failed")
	}
}

func call(t *testing.T, method, url string, headers map[string]string, body io.Reader) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// templateRoutes reads the HttpApi events from template.yaml on its own, not
// through samtemplate, so that a route samtemplate dropped fails the test. It
// returns "METHOD path Function" lines, sorted.
func templateRoutes(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(templatePath)
	if err != nil {
		t.Fatal(err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	dropShortTags(&root)
	// Functions are never inside an Fn::ForEach loop, so the loops are left out.
	var tmpl struct {
		Resources map[string]yaml.Node `yaml:"Resources"`
	}
	if err := root.Decode(&tmpl); err != nil {
		t.Fatal(err)
	}
	type function struct {
		Type       string `yaml:"Type"`
		Properties struct {
			Events map[string]struct {
				Type       string `yaml:"Type"`
				Properties struct {
					Path   string `yaml:"Path"`
					Method string `yaml:"Method"`
				} `yaml:"Properties"`
			} `yaml:"Events"`
		} `yaml:"Properties"`
	}
	var routes []string
	for id, node := range tmpl.Resources {
		var r function
		if strings.HasPrefix(id, "Fn::ForEach::") {
			continue
		}
		if err := node.Decode(&r); err != nil {
			t.Fatal(err)
		}
		if r.Type != "AWS::Serverless::Function" {
			continue
		}
		for _, e := range r.Properties.Events {
			if e.Type != "HttpApi" {
				continue
			}
			method, path := strings.ToUpper(e.Properties.Method), e.Properties.Path
			if path == "" { // SAM: an HttpApi event without Path is the $default route
				method, path = "ANY", "$default"
			}
			routes = append(routes, method+" "+path+" "+id)
		}
	}
	if len(routes) == 0 {
		t.Fatal("template.yaml declares no HttpApi events")
	}
	slices.Sort(routes)
	return routes
}

// dropShortTags clears CloudFormation's short tags (!Ref, !Sub, !GetAtt, ...),
// which yaml.v3 would otherwise refuse to decode into plain Go values.
func dropShortTags(n *yaml.Node) {
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		n.Tag = ""
	}
	for _, c := range n.Content {
		dropShortTags(c)
	}
}

func tail(s string) string {
	if len(s) > 200 {
		return s[len(s)-200:]
	}
	return s
}
