package hooks

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/todomate/todomate/collections"
)

// errMultipartCut is what a multipart body reads as when it ends before its
// close delimiter. It wraps io.ErrUnexpectedEOF, which is what the body is.
var errMultipartCut = fmt.Errorf("multipart body ends before its close delimiter: %w", io.ErrUnexpectedEOF)

// bindMultipart refuses multipart/form-data bodies that are not whole.
//
// Go's mime/multipart takes a body cut off inside the headers of a part as
// a complete form (it sees a plain io.EOF there and stops), so a create cut
// after `name="priv` of its last part "private" would be stored without it:
// a diary meant to be private would be public. Every multipart body is
// therefore watched while it is read, on every route; one that ends before
// its close delimiter (--BOUNDARY-- at the start of a line) reads as
// errMultipartCut instead of io.EOF, so every parse of it fails, and the
// failure is answered as an unreadable body (see isUnreadableBody) with
// nothing stored. A multipart Content-Type without a boundary is refused
// at once: no parse of it can succeed.
//
// It also binds the safety net that keeps error answers valid JSON (see
// bindErrorText): multipart is where raw bytes reach error messages, as a
// file part whose content Go hands over as a text value.
func bindMultipart(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(se *core.ServeEvent) error {
			se.Router.Bind(&hook.Handler[*core.RequestEvent]{
				Id: "todomateMultipart",
				// before PocketBase's body limit middlewares wrap the body
				// (and before todomate's answer to them), so that the body
				// here is still the router's re-readable one
				Priority: apis.DefaultBodyLimitMiddlewarePriority - 2,
				Func:     watchMultipart,
			})
			return se.Next()
		},
	})

	bindErrorText(app)
}

func watchMultipart(e *core.RequestEvent) error {
	contentType := e.Request.Header.Get("Content-Type")
	// PocketBase reads a body as multipart when its Content-Type starts with
	// multipart/form-data; Go's parser ignores the case of the media type
	if !strings.HasPrefix(strings.ToLower(contentType), "multipart/form-data") {
		return e.Next()
	}

	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil || mediaType != "multipart/form-data" || params["boundary"] == "" {
		return e.BadRequestError("Failed to read the request body.", validation.Errors{"body": collections.ErrMultipartBoundary})
	}

	// PocketBase skips reading a body of length 0, but for a route that
	// looks for files; an empty multipart body is as incomplete as any
	if e.Request.ContentLength == 0 {
		return e.BadRequestError("Failed to read the request body.", validation.Errors{"body": collections.ErrMultipartIncomplete})
	}

	watchForCloseDelimiter(e, params["boundary"])

	return e.Next()
}

// watchForCloseDelimiter puts a multipartWatcher on the request body.
//
// The router wraps every request body in a RereadableReadCloser, which keeps
// a copy of what was read and, on io.EOF, switches to reading that copy
// again. The watcher goes under it, between it and the client's body: it
// sees the client's bytes once, and its errMultipartCut (not io.EOF) leaves
// the re-readable body where it is, so that a second parse fails the same
// way instead of starting over on the partial copy. Above the body
// anything else (PocketBase's size limit) still wraps both.
func watchForCloseDelimiter(e *core.RequestEvent, boundary string) {
	w := newMultipartWatcher(boundary)

	if body, ok := e.Request.Body.(*router.RereadableReadCloser); ok {
		w.ReadCloser = body.ReadCloser
		body.ReadCloser = w
		return
	}

	// not the router's body (never the case behind PocketBase's router):
	// watching over it still works, as the watcher is done at its first
	// io.EOF either way
	w.ReadCloser = e.Request.Body
	e.Request.Body = w
}

// multipartWatcher reads a multipart body through and reports its end as
// errMultipartCut instead of io.EOF unless the close delimiter went by.
type multipartWatcher struct {
	io.ReadCloser

	// delimiter is "\n--BOUNDARY--": the close delimiter at the start of a line
	delimiter []byte
	// tail is the end of what was read so far, len(delimiter)-1 bytes at
	// most, for a delimiter split between two reads
	tail []byte
	seen bool
	err  error
}

func newMultipartWatcher(boundary string) *multipartWatcher {
	delimiter := []byte("\n--" + boundary + "--")

	tail := make([]byte, 0, 2*len(delimiter))
	// the body may start with the close delimiter (a form with no parts)
	tail = append(tail, '\n')

	return &multipartWatcher{delimiter: delimiter, tail: tail}
}

func (w *multipartWatcher) Read(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}

	n, err := w.ReadCloser.Read(p)
	if !w.seen && n > 0 {
		w.scan(p[:n])
	}

	if errors.Is(err, io.EOF) && !w.seen {
		w.err = errMultipartCut
		return n, w.err
	}

	return n, err
}

// scan looks for the close delimiter in b, the bytes read after w.tail.
func (w *multipartWatcher) scan(b []byte) {
	keep := len(w.delimiter) - 1

	// a delimiter that starts in the tail ends in the first keep bytes of b
	joined := append(w.tail, b[:min(len(b), keep)]...)
	if bytes.Contains(joined, w.delimiter) || bytes.Contains(b, w.delimiter) {
		w.seen = true
		w.tail = nil
		return
	}

	if len(b) >= keep {
		w.tail = append(w.tail[:0], b[len(b)-keep:]...)
	} else {
		// joined is all of tail and b
		w.tail = append(w.tail[:0], joined[max(0, len(joined)-keep):]...)
	}
}
