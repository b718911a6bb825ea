// Package sse reads a server-sent events stream, as PocketBase's realtime
// API writes it, for the realtime tests and the realtime load benchmark.
package sse

import (
	"bufio"
	"io"
	"strings"
	"time"
)

// Read calls fn with the id, name and data of each event of the stream, in
// order, until the stream ends. Lines other than id, event and data (and
// events without a name) are skipped.
func Read(stream io.Reader, fn func(id, name string, data []byte)) error {
	return ReadComments(stream, fn, nil)
}

// ReadComments is Read that also calls comment, if not nil, with the text
// of each comment line (": keep-alive" is " keep-alive"), in order with the
// events: the realtime keep-alive is one.
func ReadComments(stream io.Reader, fn func(id, name string, data []byte), comment func(text string)) error {
	scanner := bufio.NewScanner(stream)
	// a record in an event can be far longer than bufio's default line
	scanner.Buffer(make([]byte, 64<<10), 4<<20)

	var id, name string
	var data []byte
	for scanner.Scan() {
		line := scanner.Text()
		switch {
		case strings.HasPrefix(line, ":"):
			if comment != nil {
				comment(strings.TrimPrefix(line, ":"))
			}
		case line == "":
			if name != "" {
				fn(id, name, data)
			}
			id, name, data = "", "", nil
		case strings.HasPrefix(line, "id:"):
			id = strings.TrimPrefix(line, "id:")
		case strings.HasPrefix(line, "event:"):
			name = strings.TrimPrefix(line, "event:")
		case strings.HasPrefix(line, "data:"):
			data = append(data, strings.TrimPrefix(line, "data:")...)
		}
	}

	return scanner.Err()
}

// Wait bounds every wait of a test for an event; a test that waits this
// long has failed (an expected event never came).
const Wait = 10 * time.Second
