package devapi_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/sirupsen/logrus"
	"github.com/sirupsen/logrus/hooks/test"

	"github.com/putuo-compliance/intake/infra/local/devapi"
)

// echo answers 200 with the event it got as its JSON body.
func echo(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	b, err := json.Marshal(ev)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return events.APIGatewayV2HTTPResponse{StatusCode: 200, Headers: map[string]string{"Content-Type": "application/json"}, Body: string(b)}, nil
}

func newServer(t *testing.T, cfg devapi.Config, routes ...devapi.Route) *httptest.Server {
	t.Helper()
	if cfg.Log == nil {
		cfg.Log, _ = test.NewNullLogger()
	}
	api := devapi.New(cfg)
	if routes == nil {
		routes = []devapi.Route{
			{Method: "POST", Path: "/v1/consultations", Function: "SubmitFunction", Handler: echo},
			{Method: "GET", Path: "/v1/submissions/{reference}", Function: "StatusFunction", Handler: echo},
			{Method: "GET", Path: "/v1/submissions/latest", Function: "LatestFunction", Handler: echo},
			{Method: "ANY", Path: "/files/{proxy+}", Function: "FilesFunction", Handler: echo},
		}
	}
	if err := api.Serve(routes); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	return srv
}

func do(t *testing.T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestEvent(t *testing.T) {
	srv := newServer(t, devapi.Config{})
	binary := []byte{0xff, 0xfe, 0x00, 0x01}
	tests := []struct {
		name string
		give func(url string) *http.Request
		want func(t *testing.T, ev events.APIGatewayV2HTTPRequest)
	}{
		{
			name: "route key, path params and request context",
			give: func(url string) *http.Request {
				r, _ := http.NewRequest("GET", url+"/v1/submissions/C-7K3Q-9MX2", nil)
				r.Header.Set("User-Agent", "test-agent")
				return r
			},
			want: func(t *testing.T, ev events.APIGatewayV2HTTPRequest) {
				check(t, "Version", ev.Version, "2.0")
				check(t, "RouteKey", ev.RouteKey, "GET /v1/submissions/{reference}")
				check(t, "RequestContext.RouteKey", ev.RequestContext.RouteKey, "GET /v1/submissions/{reference}")
				check(t, "RawPath", ev.RawPath, "/v1/submissions/C-7K3Q-9MX2")
				check(t, "PathParameters", ev.PathParameters, map[string]string{"reference": "C-7K3Q-9MX2"})
				check(t, "Stage", ev.RequestContext.Stage, "$default")
				check(t, "HTTP.Method", ev.RequestContext.HTTP.Method, "GET")
				check(t, "HTTP.Path", ev.RequestContext.HTTP.Path, "/v1/submissions/C-7K3Q-9MX2")
				check(t, "HTTP.Protocol", ev.RequestContext.HTTP.Protocol, "HTTP/1.1")
				check(t, "HTTP.SourceIP", ev.RequestContext.HTTP.SourceIP, "127.0.0.1")
				check(t, "HTTP.UserAgent", ev.RequestContext.HTTP.UserAgent, "test-agent")
				check(t, "DomainName", ev.RequestContext.DomainName, "127.0.0.1")
				check(t, "AccountID", ev.RequestContext.AccountID, "123456789012")
				check(t, "APIID", ev.RequestContext.APIID, "local")
				check(t, "Body", ev.Body, "")
				check(t, "QueryStringParameters", ev.QueryStringParameters, map[string]string(nil))
				if ev.RequestContext.RequestID == "" {
					t.Error("RequestID is empty")
				}
				if d := time.Since(time.UnixMilli(ev.RequestContext.TimeEpoch)); d < 0 || d > time.Minute {
					t.Errorf("TimeEpoch %d is not now", ev.RequestContext.TimeEpoch)
				}
				if _, err := time.Parse("02/Jan/2006:15:04:05 -0700", ev.RequestContext.Time); err != nil {
					t.Errorf("Time %q: %v", ev.RequestContext.Time, err)
				}
			},
		},
		{
			name: "literal segment beats parameter",
			give: func(url string) *http.Request {
				r, _ := http.NewRequest("GET", url+"/v1/submissions/latest", nil)
				return r
			},
			want: func(t *testing.T, ev events.APIGatewayV2HTTPRequest) {
				check(t, "RouteKey", ev.RouteKey, "GET /v1/submissions/latest")
				check(t, "PathParameters", ev.PathParameters, map[string]string(nil))
			},
		},
		{
			name: "escaped path parameter is decoded",
			give: func(url string) *http.Request {
				r, _ := http.NewRequest("GET", url+"/v1/submissions/a%20b", nil)
				return r
			},
			want: func(t *testing.T, ev events.APIGatewayV2HTTPRequest) {
				check(t, "RawPath", ev.RawPath, "/v1/submissions/a%20b")
				check(t, "PathParameters", ev.PathParameters, map[string]string{"reference": "a b"})
			},
		},
		{
			name: "greedy parameter takes the rest of the path, any method",
			give: func(url string) *http.Request {
				r, _ := http.NewRequest("DELETE", url+"/files/a/b/c.txt", nil)
				return r
			},
			want: func(t *testing.T, ev events.APIGatewayV2HTTPRequest) {
				check(t, "RouteKey", ev.RouteKey, "ANY /files/{proxy+}")
				check(t, "PathParameters", ev.PathParameters, map[string]string{"proxy": "a/b/c.txt"})
				check(t, "HTTP.Method", ev.RequestContext.HTTP.Method, "DELETE")
			},
		},
		{
			name: "headers lower-cased, repeated ones joined with commas",
			give: func(url string) *http.Request {
				r, _ := http.NewRequest("POST", url+"/v1/consultations", strings.NewReader(`{}`))
				r.Header.Set("Content-Type", "application/json")
				r.Header.Set("Idempotency-Key", "k1")
				r.Header.Add("X-Multi", "a")
				r.Header.Add("X-Multi", "b")
				return r
			},
			want: func(t *testing.T, ev events.APIGatewayV2HTTPRequest) {
				check(t, "idempotency-key", ev.Headers["idempotency-key"], "k1")
				check(t, "x-multi", ev.Headers["x-multi"], "a,b")
				check(t, "content-type", ev.Headers["content-type"], "application/json")
				check(t, "content-length", ev.Headers["content-length"], "2")
				check(t, "x-forwarded-for", ev.Headers["x-forwarded-for"], "127.0.0.1")
				check(t, "x-forwarded-proto", ev.Headers["x-forwarded-proto"], "http")
				if !strings.HasPrefix(ev.Headers["host"], "127.0.0.1:") {
					t.Errorf("host = %q", ev.Headers["host"])
				}
				if !strings.HasPrefix(ev.Headers["x-amzn-trace-id"], "Root=1-") {
					t.Errorf("x-amzn-trace-id = %q", ev.Headers["x-amzn-trace-id"])
				}
				for k := range ev.Headers {
					if k != strings.ToLower(k) {
						t.Errorf("header %q is not lower case", k)
					}
				}
				check(t, "Body", ev.Body, `{}`)
				check(t, "IsBase64Encoded", ev.IsBase64Encoded, false)
			},
		},
		{
			name: "query string raw and decoded, repeated keys joined",
			give: func(url string) *http.Request {
				r, _ := http.NewRequest("GET", url+"/v1/submissions/X?a=1&a=2&b=%E4%B8%AD+x", nil)
				return r
			},
			want: func(t *testing.T, ev events.APIGatewayV2HTTPRequest) {
				check(t, "RawQueryString", ev.RawQueryString, "a=1&a=2&b=%E4%B8%AD+x")
				check(t, "QueryStringParameters", ev.QueryStringParameters, map[string]string{"a": "1,2", "b": "中 x"})
			},
		},
		{
			name: "cookies split out of the cookie headers",
			give: func(url string) *http.Request {
				r, _ := http.NewRequest("GET", url+"/v1/submissions/X", nil)
				r.Header.Add("Cookie", "a=1; b=2")
				r.Header.Add("Cookie", "c=3")
				return r
			},
			want: func(t *testing.T, ev events.APIGatewayV2HTTPRequest) {
				check(t, "Cookies", ev.Cookies, []string{"a=1", "b=2", "c=3"})
				if _, ok := ev.Headers["cookie"]; ok {
					t.Error("cookie header left in headers")
				}
			},
		},
		{
			name: "binary body is base64",
			give: func(url string) *http.Request {
				r, _ := http.NewRequest("POST", url+"/v1/consultations", bytes.NewReader(binary))
				r.Header.Set("Content-Type", "application/json")
				return r
			},
			want: func(t *testing.T, ev events.APIGatewayV2HTTPRequest) {
				check(t, "IsBase64Encoded", ev.IsBase64Encoded, true)
				check(t, "Body", ev.Body, base64.StdEncoding.EncodeToString(binary))
			},
		},
		{
			name: "non-text content type is base64 even when valid UTF-8",
			give: func(url string) *http.Request {
				r, _ := http.NewRequest("POST", url+"/v1/consultations", strings.NewReader("a=1&b=2"))
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				return r
			},
			want: func(t *testing.T, ev events.APIGatewayV2HTTPRequest) {
				check(t, "IsBase64Encoded", ev.IsBase64Encoded, true)
				check(t, "Body", ev.Body, base64.StdEncoding.EncodeToString([]byte("a=1&b=2")))
			},
		},
		{
			name: "text content type with charset is text",
			give: func(url string) *http.Request {
				r, _ := http.NewRequest("POST", url+"/v1/consultations", strings.NewReader("你好"))
				r.Header.Set("Content-Type", "text/plain; charset=utf-8")
				return r
			},
			want: func(t *testing.T, ev events.APIGatewayV2HTTPRequest) {
				check(t, "IsBase64Encoded", ev.IsBase64Encoded, false)
				check(t, "Body", ev.Body, "你好")
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := do(t, tt.give(srv.URL))
			if resp.StatusCode != 200 {
				t.Fatalf("status %d, body %s", resp.StatusCode, body)
			}
			var ev events.APIGatewayV2HTTPRequest
			if err := json.Unmarshal(body, &ev); err != nil {
				t.Fatalf("decode echoed event: %v", err)
			}
			if got := resp.Header.Get("Apigw-Requestid"); got != ev.RequestContext.RequestID {
				t.Errorf("apigw-requestid header %q, event request id %q", got, ev.RequestContext.RequestID)
			}
			tt.want(t, ev)
		})
	}
}

func check(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}

func TestStatus(t *testing.T) {
	fail := func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		return events.APIGatewayV2HTTPResponse{}, errors.New("boom")
	}
	panics := func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		panic("boom")
	}
	noStatus := func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		return events.APIGatewayV2HTTPResponse{Body: "forgot the status"}, nil
	}
	badBase64 := func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		return events.APIGatewayV2HTTPResponse{StatusCode: 200, Body: "%%%", IsBase64Encoded: true}, nil
	}
	slow := func(ctx context.Context, _ events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		<-ctx.Done()
		return events.APIGatewayV2HTTPResponse{}, ctx.Err()
	}
	srv := newServer(t, devapi.Config{MaxBody: 1024, Timeout: 100 * time.Millisecond},
		devapi.Route{Method: "POST", Path: "/echo", Handler: echo},
		devapi.Route{Method: "GET", Path: "/fail", Handler: fail},
		devapi.Route{Method: "GET", Path: "/panic", Handler: panics},
		devapi.Route{Method: "GET", Path: "/nostatus", Handler: noStatus},
		devapi.Route{Method: "GET", Path: "/badbase64", Handler: badBase64},
		devapi.Route{Method: "GET", Path: "/slow", Handler: slow},
	)
	tests := []struct {
		name       string
		giveMethod string
		givePath   string
		giveBody   string
		wantStatus int
		wantBody   string
	}{
		{"unknown route", "GET", "/nope", "", 404, `{"message":"Not Found"}`},
		{"wrong method on a known path", "GET", "/echo", "", 404, `{"message":"Not Found"}`},
		{"trailing slash is another path", "POST", "/echo/", "", 404, `{"message":"Not Found"}`},
		{"body at the cap", "POST", "/echo", strings.Repeat("x", 1024), 200, ""},
		{"body over the cap", "POST", "/echo", strings.Repeat("x", 1025), 413, `{"message":"Request Entity Too Large"}`},
		{"handler error", "GET", "/fail", "", 500, `{"message":"Internal Server Error"}`},
		{"handler panic", "GET", "/panic", "", 500, `{"message":"Internal Server Error"}`},
		{"response without status code", "GET", "/nostatus", "", 500, `{"message":"Internal Server Error"}`},
		{"response with bad base64", "GET", "/badbase64", "", 500, `{"message":"Internal Server Error"}`},
		{"handler overruns its deadline", "GET", "/slow", "", 503, `{"message":"Service Unavailable"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.giveMethod, srv.URL+tt.givePath, strings.NewReader(tt.giveBody))
			req.Header.Set("Content-Type", "text/plain")
			resp, body := do(t, req)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status = %d, want %d (body %s)", resp.StatusCode, tt.wantStatus, body)
			}
			if tt.wantBody != "" && string(body) != tt.wantBody {
				t.Errorf("body = %s, want %s", body, tt.wantBody)
			}
		})
	}
}

// TestBodyOverCapWithoutContentLength covers a chunked upload, which cannot be
// refused from its Content-Length.
func TestBodyOverCapWithoutContentLength(t *testing.T) {
	srv := newServer(t, devapi.Config{MaxBody: 1024}, devapi.Route{Method: "POST", Path: "/echo", Handler: echo})
	req, _ := http.NewRequest("POST", srv.URL+"/echo", io.MultiReader(strings.NewReader(strings.Repeat("x", 2048))))
	req.ContentLength = -1
	resp, _ := do(t, req)
	if resp.StatusCode != 413 {
		t.Fatalf("status = %d, want 413", resp.StatusCode)
	}
}

func TestResponse(t *testing.T) {
	png := []byte{0x89, 'P', 'N', 'G', 0x00}
	tests := []struct {
		name        string
		give        events.APIGatewayV2HTTPResponse
		wantStatus  int
		wantBody    []byte
		wantHeaders map[string][]string
	}{
		{
			name:        "status, headers and body",
			give:        events.APIGatewayV2HTTPResponse{StatusCode: 201, Headers: map[string]string{"content-type": "application/json", "X-One": "1"}, Body: `{"ok":true}`},
			wantStatus:  201,
			wantBody:    []byte(`{"ok":true}`),
			wantHeaders: map[string][]string{"Content-Type": {"application/json"}, "X-One": {"1"}},
		},
		{
			name:        "multi-value headers",
			give:        events.APIGatewayV2HTTPResponse{StatusCode: 200, MultiValueHeaders: map[string][]string{"X-Many": {"a", "b"}}},
			wantStatus:  200,
			wantBody:    []byte{},
			wantHeaders: map[string][]string{"X-Many": {"a", "b"}},
		},
		{
			name:        "cookies become set-cookie headers",
			give:        events.APIGatewayV2HTTPResponse{StatusCode: 200, Cookies: []string{"a=1; Path=/", "b=2; HttpOnly"}},
			wantStatus:  200,
			wantBody:    []byte{},
			wantHeaders: map[string][]string{"Set-Cookie": {"a=1; Path=/", "b=2; HttpOnly"}},
		},
		{
			name:        "base64 body is decoded",
			give:        events.APIGatewayV2HTTPResponse{StatusCode: 200, Headers: map[string]string{"Content-Type": "image/png"}, Body: base64.StdEncoding.EncodeToString(png), IsBase64Encoded: true},
			wantStatus:  200,
			wantBody:    png,
			wantHeaders: map[string][]string{"Content-Type": {"image/png"}},
		},
		{
			name:        "no content type is not sniffed",
			give:        events.APIGatewayV2HTTPResponse{StatusCode: 200, Body: "<html></html>"},
			wantStatus:  200,
			wantBody:    []byte("<html></html>"),
			wantHeaders: map[string][]string{"Content-Type": nil},
		},
		{
			name:       "no content",
			give:       events.APIGatewayV2HTTPResponse{StatusCode: 204},
			wantStatus: 204,
			wantBody:   []byte{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
				return tt.give, nil
			}
			srv := newServer(t, devapi.Config{}, devapi.Route{Method: "GET", Path: "/r", Handler: h})
			req, _ := http.NewRequest("GET", srv.URL+"/r", nil)
			resp, body := do(t, req)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if !bytes.Equal(body, tt.wantBody) {
				t.Errorf("body = %q, want %q", body, tt.wantBody)
			}
			for k, want := range tt.wantHeaders {
				if got := resp.Header.Values(k); !reflect.DeepEqual(got, want) {
					t.Errorf("header %s = %q, want %q", k, got, want)
				}
			}
		})
	}
}

func TestHealthz(t *testing.T) {
	log, _ := test.NewNullLogger()
	api := devapi.New(devapi.Config{Log: log})
	srv := httptest.NewServer(api)
	defer srv.Close()

	get := func(path string) (int, string) {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		resp, body := do(t, req)
		return resp.StatusCode, string(body)
	}
	tests := []struct {
		name       string
		giveReady  bool
		givePath   string
		wantStatus int
		wantBody   string
	}{
		{"healthz before ready", false, "/healthz", 503, `{"status":"starting"}`},
		{"route before ready", false, "/v1/consultations", 503, `{"message":"Service Unavailable"}`},
		{"healthz when ready", true, "/healthz", 200, `{"status":"ok"}`},
		{"unknown route when ready", true, "/v1/consultations", 404, `{"message":"Not Found"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.giveReady && !api.Ready() {
				if err := api.Serve([]devapi.Route{{Method: "GET", Path: "/x", Handler: echo}}); err != nil {
					t.Fatal(err)
				}
			}
			status, body := get(tt.givePath)
			if status != tt.wantStatus || body != tt.wantBody {
				t.Errorf("GET %s = %d %s, want %d %s", tt.givePath, status, body, tt.wantStatus, tt.wantBody)
			}
		})
	}
}

func TestLambdaContext(t *testing.T) {
	var gotID string
	var gotDeadline bool
	h := func(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lc, ok := lambdacontext.FromContext(ctx)
		if ok && lc.AwsRequestID == ev.RequestContext.RequestID {
			gotID = lc.AwsRequestID
		}
		_, gotDeadline = ctx.Deadline()
		return events.APIGatewayV2HTTPResponse{StatusCode: 200}, nil
	}
	srv := newServer(t, devapi.Config{}, devapi.Route{Method: "GET", Path: "/ctx", Handler: h})
	req, _ := http.NewRequest("GET", srv.URL+"/ctx", nil)
	resp, _ := do(t, req)
	if gotID == "" || gotID != resp.Header.Get("Apigw-Requestid") {
		t.Errorf("lambdacontext request id = %q, want the event's %q", gotID, resp.Header.Get("Apigw-Requestid"))
	}
	if !gotDeadline {
		t.Error("handler context has no deadline")
	}
}

func TestAccessLog(t *testing.T) {
	log, hook := test.NewNullLogger()
	srv := newServer(t, devapi.Config{Log: log})
	req, _ := http.NewRequest("GET", srv.URL+"/v1/submissions/X?token=secret", nil)
	resp, _ := do(t, req)

	var entry *logrus.Entry
	for _, e := range hook.AllEntries() {
		if e.Message == "request" {
			entry = e
		}
	}
	if entry == nil {
		t.Fatal("no access log line")
	}
	want := logrus.Fields{"method": "GET", "route": "GET /v1/submissions/{reference}", "status": 200, "requestId": resp.Header.Get("Apigw-Requestid")}
	for k, v := range want {
		if entry.Data[k] != v {
			t.Errorf("log %s = %v, want %v", k, entry.Data[k], v)
		}
	}
	if _, ok := entry.Data["durationMs"]; !ok {
		t.Error("log has no durationMs")
	}
	line, _ := entry.String()
	if strings.Contains(line, "secret") {
		t.Errorf("access log leaks the query string: %s", line)
	}
}

func TestServeRejectsBadRoutes(t *testing.T) {
	tests := []struct {
		name string
		give []devapi.Route
	}{
		{"no handler", []devapi.Route{{Method: "GET", Path: "/a"}}},
		{"relative path", []devapi.Route{{Method: "GET", Path: "a", Handler: echo}}},
		{"duplicate", []devapi.Route{{Method: "GET", Path: "/a", Handler: echo}, {Method: "get", Path: "/a", Handler: echo}}},
		{"greedy not last", []devapi.Route{{Method: "GET", Path: "/{p+}/a", Handler: echo}}},
		{"healthz taken", []devapi.Route{{Method: "GET", Path: "/healthz", Handler: echo}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := devapi.New(devapi.Config{})
			if err := api.Serve(tt.give); err == nil {
				t.Error("Serve: want error")
			}
			if api.Ready() {
				t.Error("Ready after a failed Serve")
			}
		})
	}
}
