// Package devapi serves Lambda handlers over HTTP the way an API Gateway HTTP API
// with Lambda proxy integrations (payload format 2.0) does, so the local stack
// exercises the same events, routing and error answers as the cloud.
package devapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/sirupsen/logrus"
)

// Handler is a Lambda handler for HTTP API events.
type Handler func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)

const (
	// DefaultTimeout is HTTP API's maximum integration timeout.
	DefaultTimeout = 30 * time.Second
	// DefaultMaxBody is HTTP API's payload quota.
	DefaultMaxBody = 10 << 20

	healthPath = "/healthz"
)

// Config tunes the server; the zero value behaves like a default HTTP API stage.
type Config struct {
	Log       *logrus.Logger // access log and handler failures; required
	Timeout   time.Duration  // per-request deadline; DefaultTimeout when zero
	MaxBody   int64          // request body cap in bytes; DefaultMaxBody when zero
	AccountID string         // requestContext.accountId; "123456789012" when empty
	APIID     string         // requestContext.apiId; "local" when empty
}

// Server is an http.Handler that answers 503 (and /healthz 503) until Serve is
// called with the routes, then invokes their handlers in-process.
type Server struct {
	cfg    Config
	router atomic.Pointer[router]
}

var _ http.Handler = (*Server)(nil)

// New returns a server that is not yet ready.
func New(cfg Config) *Server {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.AccountID == "" {
		cfg.AccountID = "123456789012"
	}
	if cfg.APIID == "" {
		cfg.APIID = "local"
	}
	if cfg.Log == nil {
		cfg.Log = logrus.New()
		cfg.Log.SetOutput(io.Discard)
	}
	return &Server{cfg: cfg}
}

// Serve installs the routes and marks the server ready.
func (s *Server) Serve(routes []Route) error {
	rt, err := newRouter(routes)
	if err != nil {
		return err
	}
	s.router.Store(rt)
	return nil
}

// Routes returns the routes Serve installed, most specific first.
func (s *Server) Routes() []Route {
	rt := s.router.Load()
	if rt == nil {
		return nil
	}
	out := make([]Route, len(rt.routes))
	for i, r := range rt.routes {
		out[i] = r.Route
	}
	return out
}

// Ready reports whether Serve has installed the routes.
func (s *Server) Ready() bool { return s.router.Load() != nil }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := newRequestID()
	w.Header().Set("Apigw-Requestid", id)

	// One line per request; never the query string or body, which may carry
	// tokens or personal data.
	route, status := "-", 0
	defer func() {
		level := logrus.InfoLevel
		if route == healthPath {
			level = logrus.DebugLevel // polled; would drown the rest
		}
		s.cfg.Log.WithFields(logrus.Fields{
			"requestId":  id,
			"method":     r.Method,
			"route":      route,
			"status":     status,
			"durationMs": float64(time.Since(start).Microseconds()) / 1000,
		}).Log(level, "request")
	}()

	if r.URL.Path == healthPath {
		route = healthPath
		status = s.health(w)
		return
	}
	rt := s.router.Load()
	if rt == nil {
		w.Header().Set("Retry-After", "1")
		status = writeMessage(w, http.StatusServiceUnavailable)
		return
	}
	cr, params, ok := rt.match(r.Method, r.URL.EscapedPath())
	if !ok {
		status = writeMessage(w, http.StatusNotFound)
		return
	}
	route = cr.Key()

	var authz *events.APIGatewayV2HTTPRequestContextAuthorizerDescription
	if cr.Authorizer != nil {
		var d *denial
		if authz, d = cr.Authorizer.authorize(r, cr.Scopes); d != nil {
			if d.cause != nil && d.status == http.StatusInternalServerError {
				s.cfg.Log.WithError(d.cause).WithField("route", route).Error("authorizer failed")
			}
			if d.challenge != "" {
				w.Header().Set("Www-Authenticate", d.challenge)
			}
			status = writeMessage(w, d.status)
			return
		}
	}

	body, err := s.readBody(w, r)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			status = writeMessage(w, http.StatusRequestEntityTooLarge)
		} else {
			status = writeMessage(w, http.StatusBadRequest)
		}
		return
	}
	ev := s.event(r, cr.Route, params, body, id, start)
	ev.RequestContext.Authorizer = authz
	status = s.invoke(w, r, cr, ev)
}

func (s *Server) health(w http.ResponseWriter) int {
	w.Header().Set("Content-Type", "application/json")
	if !s.Ready() {
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, `{"status":"starting"}`)
		return http.StatusServiceUnavailable
	}
	io.WriteString(w, `{"status":"ok"}`)
	return http.StatusOK
}

func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.ContentLength > s.cfg.MaxBody {
		return nil, &http.MaxBytesError{Limit: s.cfg.MaxBody}
	}
	return io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
}

type result struct {
	resp events.APIGatewayV2HTTPResponse
	err  error
}

// invoke calls the handler as the Lambda runtime would: with the request id in
// lambdacontext and a deadline, and not cancelled when the client goes away.
func (s *Server) invoke(w http.ResponseWriter, r *http.Request, cr compiledRoute, ev events.APIGatewayV2HTTPRequest) int {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), s.cfg.Timeout)
	defer cancel()
	ctx = lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{
		AwsRequestID:       ev.RequestContext.RequestID,
		InvokedFunctionArn: "arn:aws:lambda:local:" + s.cfg.AccountID + ":function:" + cr.Function,
	})
	log := s.cfg.Log.WithFields(logrus.Fields{"requestId": ev.RequestContext.RequestID, "route": cr.Key()})

	done := make(chan result, 1) // buffered: a handler that overruns must not leak blocked
	go func() {
		defer func() {
			if p := recover(); p != nil {
				log.WithField("stack", string(debug.Stack())).Errorf("handler panicked: %v", p)
				done <- result{err: fmt.Errorf("panic: %v", p)}
			}
		}()
		resp, err := cr.Handler(ctx, ev)
		done <- result{resp: resp, err: err}
	}()

	var res result
	select {
	case res = <-done:
	case <-ctx.Done():
		log.Errorf("handler did not answer within %s", s.cfg.Timeout)
		return writeMessage(w, http.StatusServiceUnavailable)
	}
	if res.err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			log.WithError(res.err).Errorf("handler did not answer within %s", s.cfg.Timeout)
			return writeMessage(w, http.StatusServiceUnavailable)
		}
		log.WithError(res.err).Error("handler returned an error")
		return writeMessage(w, http.StatusInternalServerError)
	}
	status, err := writeResponse(w, res.resp)
	if err != nil {
		log.WithError(err).Error("handler returned a malformed response")
		return writeMessage(w, http.StatusInternalServerError)
	}
	if len(res.resp.MultiValueHeaders) > 0 {
		log.Warn("response sets multiValueHeaders, which payload format 2.0 does not define; use headers or cookies")
	}
	return status
}

// messages are API Gateway's own error bodies.
var messages = map[int]string{
	http.StatusBadRequest:            "Bad Request",
	http.StatusUnauthorized:          "Unauthorized",
	http.StatusForbidden:             "Forbidden",
	http.StatusNotFound:              "Not Found",
	http.StatusRequestEntityTooLarge: "Request Entity Too Large",
	http.StatusInternalServerError:   "Internal Server Error",
	http.StatusServiceUnavailable:    "Service Unavailable",
}

func writeMessage(w http.ResponseWriter, code int) int {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	fmt.Fprintf(w, `{"message":%q}`, messages[code])
	return code
}
