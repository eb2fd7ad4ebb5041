package main

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"strings"
)

// Gremlins runs a mutant only when its position falls in a block of the
// coverage profile that the tests reached. Go's coverage has no block for two
// places that do run: the expressions of a switch's case clauses (a block
// starts after the colon) and package-level declarations (a constant such as
// 24 * time.Hour). Gremlins calls their mutants NOT COVERED however well they
// are tested. This file finds them, so that they are run here instead: a case
// clause when its switch statement was reached, a declaration always.

// block is one block of a Go coverage profile.
type block struct {
	startLine, startCol, endLine, endCol int
	count                                int
}

func (b block) contains(line, col int) bool {
	after := line > b.startLine || line == b.startLine && col >= b.startCol
	before := line < b.endLine || line == b.endLine && col <= b.endCol
	return after && before
}

// profile is a coverage profile's blocks by file, the file named from the
// module root.
type profile map[string][]block

// parseProfile reads `go test -coverprofile` output of packages of module.
func parseProfile(r io.Reader, module string) (profile, error) {
	p := profile{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "mode:") {
			continue
		}
		file, rest, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("coverage profile: %q", line)
		}
		var b block
		var stmts int
		if _, err := fmt.Sscanf(rest, "%d.%d,%d.%d %d %d", &b.startLine, &b.startCol, &b.endLine, &b.endCol, &stmts, &b.count); err != nil {
			return nil, fmt.Errorf("coverage profile: %q: %w", line, err)
		}
		file = strings.TrimPrefix(file, module+"/")
		p[file] = append(p[file], b)
	}
	return p, sc.Err()
}

// reached says whether a position is in a block, and whether a test ran it.
func (p profile) reached(file string, line, col int) (inBlock, ran bool) {
	for _, b := range p[file] {
		if b.contains(line, col) {
			inBlock = true
			ran = ran || b.count > 0
		}
	}
	return inBlock, ran
}

// runnable says whether a mutant gremlins called NOT COVERED did run under the
// tests, and why; src is its file's source.
func (p profile) runnable(m Mutant, src []byte) (bool, string, error) {
	if inBlock, ran := p.reached(m.File, m.Line, m.Col); inBlock {
		return ran, "a block the tests reach", nil // gremlins' reading of the profile differs from Go's
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, m.File, src, parser.SkipObjectResolution)
	if err != nil {
		return false, "", err
	}
	var (
		inFunc bool
		sw     ast.Stmt // the switch of the case clause whose expression holds m
		parent ast.Stmt // the innermost switch seen on the way down
	)
	at := func(n ast.Node) bool {
		start, end := fset.Position(n.Pos()), fset.Position(n.End())
		afterStart := m.Line > start.Line || m.Line == start.Line && m.Col >= start.Column
		beforeEnd := m.Line < end.Line || m.Line == end.Line && m.Col < end.Column
		return afterStart && beforeEnd
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil || !at(n) {
			return n == nil
		}
		switch n := n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			inFunc = true
		case *ast.SwitchStmt, *ast.TypeSwitchStmt:
			parent = n.(ast.Stmt)
		case *ast.CaseClause:
			for _, e := range n.List {
				if at(e) {
					sw = parent
				}
			}
		}
		return true
	})
	switch {
	case !inFunc:
		return true, "a package-level declaration", nil
	case sw != nil:
		pos := fset.Position(sw.Pos())
		_, ran := p.reached(m.File, pos.Line, pos.Column)
		return ran, "a case of a switch the tests reach", nil // only the switch's reach counts
	}
	return false, "", nil
}
