package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// progress reports a move: on a terminal a bar redrawn in place, elsewhere (a
// pipe, a CI log) a plain line each time the count changes.
type progress struct {
	w        io.Writer
	terminal bool
	label    string
	total    int
	moved    int
	drawn    bool // a bar is on the terminal's current line
}

func newProgress(w io.Writer, label string, total int) *progress {
	return &progress{w: w, terminal: isTerminal(w), label: label, total: total, moved: -1}
}

// isTerminal reports whether w is a character device, as a terminal is.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

const barWidth = 30

// set reports how many messages have moved so far.
func (p *progress) set(moved int) {
	if moved == p.moved {
		return
	}
	p.moved = moved
	total := max(p.total, moved)
	if !p.terminal {
		fmt.Fprintf(p.w, "%s: moved %d of %d\n", p.label, moved, total)
		return
	}
	filled := barWidth * moved / max(total, 1)
	fmt.Fprintf(p.w, "\r%-22s [%s%s] %d/%d", p.label, strings.Repeat("#", filled), strings.Repeat(".", barWidth-filled), moved, total)
	p.drawn = true
}

// note says something on a line of its own.
func (p *progress) note(s string) {
	p.stop()
	fmt.Fprintf(p.w, "%s: %s\n", p.label, s)
}

// done ends the report, naming how the messages moved.
func (p *progress) done(how string) {
	p.stop()
	fmt.Fprintf(p.w, "%s: done, %d moved (%s)\n", p.label, max(p.moved, 0), how)
}

// stop ends a bar's line.
func (p *progress) stop() {
	if p.drawn {
		fmt.Fprintln(p.w)
		p.drawn = false
	}
}
