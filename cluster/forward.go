package cluster

import (
	"io"
	"net/http"
	"net/http/httputil"
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
)

// TxidHeader carries the transaction a write answer was committed in; a
// client sends it back (header or cookie) to read its write from any node.
const (
	TxidHeader = "X-Todomate-Txid"
	TxidCookie = "todomate_txid"
)

// forwardPriority places the cluster's middleware after PocketBase's panic
// recovery and before its auth, rate limiter and body limit: the primary
// applies those to forwarded requests, with the client's address.
const forwardPriority = apis.DefaultPanicRecoverMiddlewarePriority + 5

// bindRouting binds the middleware every request passes on every node.
func (n *Node) bindRouting(se *core.ServeEvent) {
	se.Router.Bind(&hook.Handler[*core.RequestEvent]{
		Id:       "todomateCluster",
		Priority: forwardPriority,
		Func:     n.route,
	})
}

// route sends what writes to the primary from a replica, makes a read that
// names a transaction wait for it, and has the primary name the
// transaction of each write it answers.
func (n *Node) route(e *core.RequestEvent) error {
	if n.IsReplica() {
		if forwardsToPrimary(e.Request) || n.filesOnPrimary(e.Request) {
			return n.forward(e)
		}
		if txid := requestedTxid(e.Request); txid > 0 && !n.waitFor(txid) {
			// this replica is too far behind: the primary has it
			return n.forward(e)
		}
		return e.Next()
	}
	if writes(e.Request) {
		e.Response = &txidWriter{ResponseWriter: e.Response, node: n}
	}
	return e.Next()
}

// writes tells whether a request may write: anything but a read.
func writes(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

// forwardsToPrimary tells whether a replica must leave a request to the
// primary: every write (records, auth flows, batch, uploads, settings), the
// realtime stream (PocketBase's broker, which delivers the primary's
// events, lives there) and backups (archives of the primary's data dir).
func forwardsToPrimary(r *http.Request) bool {
	path := r.URL.Path
	return writes(r) || path == "/api/realtime" || path == "/api/backups" || strings.HasPrefix(path, "/api/backups/")
}

// filesOnPrimary tells whether a request is for an uploaded file that only
// the primary has: without S3 storage (package storage) uploads stay on the
// disk of the node that took them, the primary.
func (n *Node) filesOnPrimary(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/files/") && r.URL.Path != "/api/files/token" &&
		!n.app.Settings().S3.Enabled
}

// requestedTxid is the transaction a client asks to read at least (header,
// else cookie; 0: none).
func requestedTxid(r *http.Request) uint64 {
	raw := r.Header.Get(TxidHeader)
	if raw == "" {
		if cookie, err := r.Cookie(TxidCookie); err == nil {
			raw = cookie.Value
		}
	}
	txid, err := strconv.ParseUint(raw, 16, 64)
	if err != nil {
		return 0
	}
	return txid
}

// forward proxies the request to the primary. The answer of a write is held
// until the write has reached this node, so the client reads it here next.
func (n *Node) forward(e *core.RequestEvent) error {
	primary := n.primaryURL.Load()
	if primary == nil {
		// became the primary since route looked
		return e.Next()
	}
	clientIP := e.RealIP()
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(primary)
			r.Out.Host = r.In.Host
			// the primary trusts X-Real-IP as nginx sets it (docs/operations.md);
			// this node has already resolved the client's address by the same
			// settings, which the primary shares (they are in data.db)
			r.Out.Header.Set("X-Real-IP", clientIP)
			r.SetXForwarded()
		},
		// realtime: each event goes out as the primary writes it
		FlushInterval: -1,
		ModifyResponse: func(res *http.Response) error {
			if txid, err := strconv.ParseUint(res.Header.Get(TxidHeader), 16, 64); err == nil {
				n.waitFor(txid)
			}
			return nil
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			e.App.Logger().Warn("cluster: forwarding to the primary", "url", primary.String(), "error", err)
			if r.Context().Err() != nil {
				return // the client went away
			}
			_ = e.JSON(http.StatusServiceUnavailable,
				router.NewApiError(http.StatusServiceUnavailable, "The primary is not reachable right now, try again.", nil))
		},
	}
	request := e.Request
	if request.Body != nil && request.Body != http.NoBody {
		// PocketBase's router makes bodies rereadable: after its end the
		// body starts over, which a proxy would send twice
		request = request.Clone(request.Context())
		request.Body = &readOnce{ReadCloser: e.Request.Body}
	}
	proxy.ServeHTTP(e.Response, request)
	return nil
}

// readOnce ends a body at its first end.
type readOnce struct {
	io.ReadCloser
	ended bool
}

func (r *readOnce) Read(p []byte) (int, error) {
	if r.ended {
		return 0, io.EOF
	}
	n, err := r.ReadCloser.Read(p)
	if err == io.EOF {
		r.ended = true
	}
	return n, err
}

// txidWriter names, on the primary, the transaction a write's answer
// follows: it reads LiteFS's position when the answer's header is written,
// after PocketBase committed.
type txidWriter struct {
	http.ResponseWriter
	node    *Node
	written bool
}

func (w *txidWriter) WriteHeader(status int) {
	if !w.written {
		w.written = true
		if txid, err := readTxid(w.node.posPath()); err == nil && txid > 0 {
			value := strconv.FormatUint(txid, 16)
			w.Header().Set(TxidHeader, value)
			http.SetCookie(w.ResponseWriter, &http.Cookie{
				Name: TxidCookie, Value: value, Path: "/", MaxAge: 60,
				HttpOnly: true, SameSite: http.SameSiteLaxMode,
			})
		}
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *txidWriter) Write(b []byte) (int, error) {
	if !w.written {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (flushes,
// deadlines), as PocketBase's own writers do.
func (w *txidWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
