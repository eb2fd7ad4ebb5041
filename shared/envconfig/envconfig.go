// Package envconfig reads a function's configuration from environment variables,
// once, in main: typed getters that collect every problem, so that one error
// names every missing or malformed variable instead of the first.
package envconfig

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Vars reads variables through getenv (os.Getenv in a function's main) and
// records what is wrong with them. It is not safe for concurrent use; it lives
// for the duration of one LoadConfig.
type Vars struct {
	getenv   func(string) string
	problems []Problem
}

// New returns Vars reading through getenv.
func New(getenv func(string) string) *Vars {
	return &Vars{getenv: getenv}
}

// Required returns the value of name, recording a problem when it is empty.
func (v *Vars) Required(name string) string {
	s := v.getenv(name)
	if s == "" {
		v.Fail(name, "not set")
	}
	return s
}

// Optional returns the value of name, "" when it is not set.
func (v *Vars) Optional(name string) string {
	return v.getenv(name)
}

// Duration returns name read as a non-negative duration ("90s", "1m"), def when
// it is not set. A malformed or negative value is a problem, never def: a typo
// must not silently become the default.
func (v *Vars) Duration(name string, def time.Duration) time.Duration {
	s := v.getenv(name)
	if s == "" {
		return def
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		v.Fail(name, fmt.Sprintf("%q is not a duration such as 1m", s))
		return def
	}
	return d
}

// Int returns name read as a non-negative whole number, def when it is not
// set. A malformed or negative value is a problem, never def.
func (v *Vars) Int(name string, def int) int {
	s := v.getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		v.Fail(name, fmt.Sprintf("%q is not a whole number of 0 or more", s))
		return def
	}
	return n
}

// Fail records a problem with the variable name, for checks the getters do not
// cover.
func (v *Vars) Fail(name, reason string) {
	v.problems = append(v.problems, Problem{Name: name, Reason: reason})
}

// Err is nil when every variable read so far was good, else an *Error naming
// each problem in the order found.
func (v *Vars) Err() error {
	if len(v.problems) == 0 {
		return nil
	}
	return &Error{Problems: append([]Problem(nil), v.problems...)}
}

// Problem is what is wrong with one variable.
type Problem struct {
	Name   string // the variable, e.g. TABLE_NAME
	Reason string // e.g. "not set"
}

// Error is a configuration that cannot be used.
type Error struct {
	Problems []Problem
}

func (e *Error) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Name + ": " + p.Reason
	}
	return "configuration: " + strings.Join(parts, "; ")
}

// Names lists the variables with a problem.
func (e *Error) Names() []string {
	names := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		names[i] = p.Name
	}
	return names
}
