package httpedge_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpedge"
)

func start(t *testing.T, ev events.APIGatewayV2HTTPRequest) (httpedge.Request, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	log := logrus.New()
	log.SetOutput(&out)
	log.SetFormatter(&logrus.JSONFormatter{})
	ctx, r := httpedge.Start(context.Background(), log, ev)
	httpedge.Report(ctx, apperr.ErrNotFound) // one line, to see its fields
	return r, &out
}

func TestStartLanguage(t *testing.T) {
	tests := []struct {
		query, accept string
		want          forms.Lang
	}{
		{"", "", forms.ZH},
		{"", "en-GB,en;q=0.9", forms.EN},
		{"en", "", forms.EN},
		{"zh-CN", "en", forms.ZH}, // ?lang= wins over the header
	}
	for _, tt := range tests {
		t.Run(tt.query+"/"+tt.accept, func(t *testing.T) {
			r, _ := start(t, events.APIGatewayV2HTTPRequest{
				QueryStringParameters: map[string]string{"lang": tt.query},
				Headers:               map[string]string{"Accept-Language": tt.accept},
			})
			if r.Lang != tt.want {
				t.Errorf("Lang %q, want %q", r.Lang, tt.want)
			}
		})
	}
}

func TestStartCorrelationID(t *testing.T) {
	tests := []struct {
		name, give, want string
	}{
		{"client's", "client-id.1_A", "client-id.1_A"},
		{"none", "", "req-1"},
		{"malformed", "bad id <script>", "req-1"},
		{"too long", strings.Repeat("a", 65), "req-1"},
		{"longest", strings.Repeat("a", 64), strings.Repeat("a", 64)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := events.APIGatewayV2HTTPRequest{RouteKey: "GET /x", Headers: map[string]string{"x-correlation-id": tt.give}}
			ev.RequestContext.RequestID = "req-1"
			r, out := start(t, ev)
			if r.CorrelationID != tt.want {
				t.Errorf("CorrelationID %q, want %q", r.CorrelationID, tt.want)
			}
			var line map[string]any
			if err := json.Unmarshal(out.Bytes(), &line); err != nil {
				t.Fatal(err)
			}
			if line["correlationId"] != tt.want || line["route"] != "GET /x" {
				t.Errorf("log line %v", line)
			}
			resp := events.APIGatewayV2HTTPResponse{Headers: map[string]string{}}
			r.SetCorrelationID(resp)
			if resp.Headers["X-Correlation-Id"] != tt.want {
				t.Errorf("X-Correlation-Id %q, want %q", resp.Headers["X-Correlation-Id"], tt.want)
			}
		})
	}
}

func TestHeaderAndCookie(t *testing.T) {
	r := httpedge.Request{Event: events.APIGatewayV2HTTPRequest{
		Headers: map[string]string{"X-Status-Token": "t", "cookie": "a=1; intake_csrf=from-header"},
		Cookies: []string{"b=2", "a=3"},
	}}
	if got := r.Header("x-status-token"); got != "t" {
		t.Errorf("Header in another case: %q", got)
	}
	if got := r.Header("x-missing"); got != "" {
		t.Errorf("missing header: %q", got)
	}
	for name, want := range map[string][]string{"b": {"2"}, "a": {"3", "1"}, "intake_csrf": {"from-header"}, "c": nil} {
		if got := r.Cookies(name); !slices.Equal(got, want) {
			t.Errorf("Cookies(%q) = %q, want %q", name, got, want)
		}
	}
	if r.Secure() {
		t.Error("Secure without x-forwarded-proto: https")
	}
	r.Event.Headers["x-forwarded-proto"] = "https"
	if !r.Secure() {
		t.Error("not Secure behind https")
	}
}

func TestBody(t *testing.T) {
	const form = "application/x-www-form-urlencoded"
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name        string
		contentType string
		body        string
		base64      bool
		want        string
		wantErr     error
	}{
		{"plain", form, "a=1", false, "a=1", nil},
		{"base64", form, b64("a=1"), true, "a=1", nil},
		{"parameters and case", "Application/X-WWW-Form-Urlencoded; charset=UTF-8", "a=1", false, "a=1", nil},
		{"other type", "application/json", "{}", false, "", apperr.ErrMediaType},
		{"no type", "", "a=1", false, "", apperr.ErrMediaType},
		{"other charset", form + "; charset=latin1", "a=1", false, "", apperr.ErrMediaType},
		{"not base64", form, "%%%", true, "", apperr.ErrMalformed},
		{"at the limit", form, strings.Repeat("a", httpedge.MaxBody), false, strings.Repeat("a", httpedge.MaxBody), nil},
		{"at the limit, base64", form, b64(strings.Repeat("a", httpedge.MaxBody)), true, strings.Repeat("a", httpedge.MaxBody), nil},
		{"over the limit", form, strings.Repeat("a", httpedge.MaxBody+1), false, "", apperr.ErrTooLarge},
		{"over the limit, base64", form, b64(strings.Repeat("a", httpedge.MaxBody+1)), true, "", apperr.ErrTooLarge},
		{"far over the limit, base64", form, strings.Repeat("A", 4*httpedge.MaxBody), true, "", apperr.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httpedge.Request{Event: events.APIGatewayV2HTTPRequest{
				Headers: map[string]string{"content-type": tt.contentType}, Body: tt.body, IsBase64Encoded: tt.base64,
			}}
			got, err := r.Body(form)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
			if string(got) != tt.want {
				t.Errorf("body %.20q, want %.20q", got, tt.want)
			}
		})
	}
}

func TestValidIdempotencyKey(t *testing.T) {
	tests := []struct {
		give string
		want bool
	}{
		{"k", true},
		{"550e8400-e29b-41d4-a716-446655440000", true},
		{" ~!", true}, // space and tilde: the ends of printable ASCII
		{strings.Repeat("k", 64), true},
		{"", false},
		{strings.Repeat("k", 65), false},
		{"k\x1f", false},
		{"k\x7f", false},
		{"钥匙", false},
	}
	for _, tt := range tests {
		if got := httpedge.ValidIdempotencyKey(tt.give); got != tt.want {
			t.Errorf("ValidIdempotencyKey(%q) = %v, want %v", tt.give, got, tt.want)
		}
	}
}

// The client of a per-client limit is the address API Gateway saw, never a
// header the client wrote; an IPv6 client by its /64.
func TestClient(t *testing.T) {
	tests := []struct {
		give string
		want string
	}{
		{"203.0.113.7", "203.0.113.7"},
		{"::ffff:203.0.113.7", "203.0.113.7"},
		{"2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"},
		{"2001:db8:1:2::1", "2001:db8:1:2::/64"},
		{"", ""},
		{"not an address", ""},
	}
	for _, tt := range tests {
		ev := events.APIGatewayV2HTTPRequest{Headers: map[string]string{"x-forwarded-for": "198.51.100.1"}}
		ev.RequestContext.HTTP.SourceIP = tt.give
		if got := (httpedge.Request{Event: ev}).Client(); got != tt.want {
			t.Errorf("Client(%q) = %q, want %q", tt.give, got, tt.want)
		}
	}
}
