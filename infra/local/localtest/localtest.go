// Package localtest gives the tests of packages that talk to AWS a real local
// endpoint: a moto_server of their own, on a free port, with template.yaml
// deployed into it. Call Start from TestMain; a test run without moto fails, it
// never skips, since these tests are the adapters' only proof.
package localtest

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/putuo-compliance/intake/infra/local/moto"
	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
)

// Env is a running moto with the template deployed once.
type Env struct {
	URL      string // moto's endpoint
	Config   aws.Config
	Template *samtemplate.Template
	Stack    *provision.Stack
	srv      *moto.Server
}

// Start starts moto and deploys the template at templatePath as a stack named
// after prefix and the time, so runs against one moto never share resources.
func Start(ctx context.Context, templatePath, prefix string) (*Env, error) {
	tmpl, err := samtemplate.Load(templatePath)
	if err != nil {
		return nil, err
	}
	srv, err := moto.Start(ctx, 0)
	if err != nil {
		return nil, err
	}
	e := &Env{
		URL: srv.URL,
		Config: aws.Config{
			Region:       "us-east-1",
			Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
			BaseEndpoint: aws.String(srv.URL),
		},
		Template: tmpl,
		srv:      srv,
	}
	if e.Stack, err = e.Deploy(ctx, prefix); err != nil {
		srv.Stop()
		return nil, err
	}
	return e, nil
}

// Deploy deploys the template once more, as a fresh stack.
func (e *Env) Deploy(ctx context.Context, prefix string) (*provision.Stack, error) {
	name := prefix + "-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	stack, err := provision.Deploy(ctx, e.Config, e.Template, name)
	if err != nil {
		return nil, fmt.Errorf("deploy template to moto: %w", err)
	}
	return stack, nil
}

// ConfigAt is the test configuration with another endpoint, e.g. one where
// nothing listens.
func (e *Env) ConfigAt(url string) aws.Config {
	c := e.Config.Copy()
	c.BaseEndpoint = aws.String(url)
	return c
}

// ClosedURL is an endpoint where nothing listens, for tests of an unreachable
// service.
func ClosedURL(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

// Stop stops moto.
func (e *Env) Stop() { e.srv.Stop() }
