package main

import (
	"fmt"
	"go/scanner"
	"go/token"
	"path"
	"strconv"
	"strings"
)

// The statuses of a mutant, spelled as gremlins reports them.
const (
	Killed     = "KILLED"
	Lived      = "LIVED"
	NotCovered = "NOT COVERED"
	TimedOut   = "TIMED OUT"
	NotViable  = "NOT VIABLE"
)

// Mutant is one changed token. Gremlins decides most statuses; the few it
// cannot see are decided here (see blind.go), and Ours says so.
type Mutant struct {
	File   string // from the module root: shared/forms/formparse/parse.go
	Line   int
	Col    int
	Type   string // gremlins' mutator name: CONDITIONALS_NEGATION, ...
	Status string
	Ours   bool // the status is this tool's, not gremlins'
}

// Dir is the mutant's package directory, from the module root.
func (m Mutant) Dir() string { return path.Dir(m.File) }

func (m Mutant) String() string {
	return fmt.Sprintf("%s:%d:%d %s", m.File, m.Line, m.Col, m.Type)
}

// parseMutant reads a mutant as String writes it, file:line:column:MUTATOR
// or with a space before the mutator.
func parseMutant(s string) (Mutant, error) {
	var m Mutant
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ':' || r == ' ' })
	if len(f) != 4 {
		return m, fmt.Errorf("mutant %q: want file:line:column:MUTATOR", s)
	}
	line, err1 := strconv.Atoi(f[1])
	col, err2 := strconv.Atoi(f[2])
	if err1 != nil || err2 != nil || mutations[f[3]] == nil {
		return m, fmt.Errorf("mutant %q: want file:line:column:MUTATOR", s)
	}
	return Mutant{File: f[0], Line: line, Col: col, Type: f[3]}, nil
}

// mutations are gremlins v0.6.0's (internal/engine/mappings.go): what each
// mutator turns a token into. Re-running a mutant here must change the same
// token the same way.
var mutations = map[string]map[token.Token]token.Token{
	"ARITHMETIC_BASE":       {token.ADD: token.SUB, token.MUL: token.QUO, token.QUO: token.MUL, token.REM: token.MUL, token.SUB: token.ADD},
	"CONDITIONALS_BOUNDARY": {token.GEQ: token.GTR, token.GTR: token.GEQ, token.LEQ: token.LSS, token.LSS: token.LEQ},
	"CONDITIONALS_NEGATION": {token.EQL: token.NEQ, token.GEQ: token.LSS, token.GTR: token.LEQ, token.LEQ: token.GTR, token.LSS: token.GEQ, token.NEQ: token.EQL},
	"INCREMENT_DECREMENT":   {token.DEC: token.INC, token.INC: token.DEC},
	"INVERT_LOGICAL":        {token.LAND: token.LOR, token.LOR: token.LAND},
	"INVERT_NEGATIVES":      {token.SUB: token.ADD},
	"INVERT_LOOPCTRL":       {token.BREAK: token.CONTINUE, token.CONTINUE: token.BREAK},
}

// mutate returns src with m applied: the token at m's line and column replaced
// as m's mutator replaces it.
func mutate(src []byte, m Mutant) ([]byte, error) {
	swap, ok := mutations[m.Type]
	if !ok {
		return nil, fmt.Errorf("%s: mutator not known here", m)
	}
	fset := token.NewFileSet()
	file := fset.AddFile(m.File, -1, len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, 0)
	for {
		pos, tok, _ := s.Scan()
		if tok == token.EOF {
			return nil, fmt.Errorf("%s: no token there", m)
		}
		if p := fset.Position(pos); p.Line != m.Line || p.Column != m.Col {
			continue
		}
		to, ok := swap[tok]
		if !ok {
			return nil, fmt.Errorf("%s: %s is not a token this mutator changes", m, tok)
		}
		off := file.Offset(pos)
		out := make([]byte, 0, len(src)+1)
		out = append(out, src[:off]...)
		out = append(out, to.String()...)
		return append(out, src[off+len(tok.String()):]...), nil
	}
}
