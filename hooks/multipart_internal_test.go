package hooks

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/pocketbase/pocketbase/tools/router"
)

// The watcher finds the close delimiter however the body is split into
// reads, and only at the start of a line.
func TestMultipartWatcher(t *testing.T) {
	const whole = "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--B--\r\n"
	bodies := []struct {
		name, body string
		complete   bool
	}{
		{"whole", whole, true},
		{"whole with an epilogue", whole + "after\r\n--B\r\n", true},
		{"only the close delimiter", "--B--", true},
		{"LF line ends", strings.ReplaceAll(whole, "\r\n", "\n"), true},
		{"cut inside headers", whole[:strings.Index(whole, `name="a`)+5], false},
		{"cut before the close delimiter", whole[:strings.Index(whole, "--B--")], false},
		{"cut inside the close delimiter", whole[:strings.Index(whole, "--B--")+4], false},
		{"close delimiter not at a line start", "--B\r\n\r\nx--B--", false},
		{"empty", "", false},
	}

	readers := map[string]func(io.Reader) io.Reader{
		"whole reads":    func(r io.Reader) io.Reader { return r },
		"one byte reads": iotest.OneByteReader,
		"half reads":     iotest.HalfReader,
	}

	for _, b := range bodies {
		for readerName, wrap := range readers {
			w := newMultipartWatcher("B")
			w.ReadCloser = io.NopCloser(wrap(strings.NewReader(b.body)))

			got, err := io.ReadAll(w)
			if string(got) != b.body {
				t.Errorf("%s, %s: read %q", b.name, readerName, got)
			}
			if b.complete && err != nil {
				t.Errorf("%s, %s: expected a whole body, got %v", b.name, readerName, err)
			}
			if !b.complete {
				if !errors.Is(err, errMultipartCut) || !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Errorf("%s, %s: expected errMultipartCut, got %v", b.name, readerName, err)
				}
				// sticky: a second read fails the same way
				if _, again := w.Read(make([]byte, 8)); !errors.Is(again, errMultipartCut) {
					t.Errorf("%s, %s: second read: %v", b.name, readerName, again)
				}
			}
		}
	}
}

// Under the router's re-readable body, a whole body reads again in full and
// a cut one keeps failing instead of starting over.
func TestMultipartWatcherUnderRereadable(t *testing.T) {
	const whole = "--B\r\n\r\nx\r\n--B--\r\n"

	for _, body := range []string{whole, whole[:10]} {
		w := newMultipartWatcher("B")
		w.ReadCloser = io.NopCloser(strings.NewReader(body))
		rr := &router.RereadableReadCloser{ReadCloser: w}

		first, err1 := io.ReadAll(rr)
		second, err2 := io.ReadAll(rr)
		if body == whole {
			if err1 != nil || err2 != nil || string(first) != whole || string(second) != whole {
				t.Errorf("whole: %q %v, then %q %v", first, err1, second, err2)
			}
		} else if !errors.Is(err1, errMultipartCut) || !errors.Is(err2, errMultipartCut) || len(second) != 0 {
			t.Errorf("cut: %q %v, then %q %v", first, err1, second, err2)
		}
		_ = rr.Close()
	}
}
