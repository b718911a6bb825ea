package seed

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progressPrinter shows Run's progress: a redrawn bar on a terminal, and
// on anything else (a log, a pipe, CI) one plain line per finished stage.
type progressPrinter struct {
	w        io.Writer
	terminal bool

	stage    string
	started  time.Time
	drawn    time.Time
	finished string // the last stage shown as done, shown once
}

func newProgressPrinter(w io.Writer) *progressPrinter {
	return &progressPrinter{w: w, terminal: isTerminal(w)}
}

// isTerminal reports whether w is a character device: a terminal (or
// /dev/null, where a bar harms nobody). Only the standard library, no
// extra module for one bit.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

func (p *progressPrinter) report(stage string, done, total int) {
	now := time.Now()
	if stage != p.stage {
		p.stage, p.started = stage, now
	}
	finished := done >= total
	if finished {
		if p.finished == stage {
			return
		}
		p.finished = stage
	}

	if !p.terminal {
		if finished {
			fmt.Fprintf(p.w, "seed: %-11s %9d  %s\n", stage, total, now.Sub(p.started).Round(time.Millisecond))
		}
		return
	}

	// redraw at most ten times a second, and always the last state
	if !finished && now.Sub(p.drawn) < 100*time.Millisecond {
		return
	}
	p.drawn = now

	const width = 30
	filled := width
	if total > 0 {
		filled = width * done / total
	}
	fmt.Fprintf(p.w, "\r%-11s [%s%s] %9d/%-9d %s",
		stage, strings.Repeat("#", filled), strings.Repeat(".", width-filled),
		done, total, now.Sub(p.started).Round(100*time.Millisecond))
	if finished {
		fmt.Fprintln(p.w)
	}
}

// done ends an unfinished bar's line, so that what follows starts clean.
func (p *progressPrinter) done() {
	if p.terminal && p.stage != "" && !p.drawn.IsZero() {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
