// Package logging builds the JSON logger that main injects, and carries a request's
// log entry (request id, correlation id, reference) through its context.
//
// Personal data - names, phone numbers, e-mail addresses, descriptions - is never
// passed to a logger; log references, codes and counts instead.
package logging

import (
	"context"
	"io"

	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/sirupsen/logrus"
)

// New returns a logger writing JSON lines to w at level ("info" if unknown).
func New(w io.Writer, level string) *logrus.Logger {
	log := logrus.New()
	log.SetOutput(w)
	log.SetFormatter(&logrus.JSONFormatter{
		TimestampFormat: "2006-01-02T15:04:05.000Z07:00",
		FieldMap:        logrus.FieldMap{logrus.FieldKeyMsg: "message"},
	})
	lvl, err := logrus.ParseLevel(level)
	if err != nil {
		lvl = logrus.InfoLevel
	}
	log.SetLevel(lvl)
	return log
}

type entryKey struct{}

// Start returns ctx carrying an entry of log with the Lambda request id, if ctx has
// one, and the given fields.
func Start(ctx context.Context, log *logrus.Logger, fields logrus.Fields) (context.Context, *logrus.Entry) {
	e := logrus.NewEntry(log)
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		e = e.WithField("requestId", lc.AwsRequestID)
	}
	e = e.WithFields(fields)
	return context.WithValue(ctx, entryKey{}, e), e
}

// With adds fields to the context's entry, e.g. the reference once it is known.
func With(ctx context.Context, fields logrus.Fields) (context.Context, *logrus.Entry) {
	e := From(ctx).WithFields(fields)
	return context.WithValue(ctx, entryKey{}, e), e
}

// discard serves contexts without an entry (tests, tools): nothing is lost that a
// caller meant to keep, since every handler starts its context with Start.
var discard = func() *logrus.Entry {
	l := logrus.New()
	l.SetOutput(io.Discard)
	return logrus.NewEntry(l)
}()

// From returns the context's entry.
func From(ctx context.Context) *logrus.Entry {
	if e, ok := ctx.Value(entryKey{}).(*logrus.Entry); ok {
		return e
	}
	return discard
}
