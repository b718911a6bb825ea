package realtime

import (
	"context"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// DefaultKeepAlive is how often an idle realtime connection gets a
// keep-alive unless Config says otherwise: under the 60 s after which nginx
// (proxy_read_timeout) and Fly's proxy close a connection that sent nothing,
// with room for a slow write.
const DefaultKeepAlive = 25 * time.Second

// keepAliveHookId is the id of the keep-alive's connect and message
// handlers.
const keepAliveHookId = "todomateRealtimeKeepAlive"

// keepAliveEvent names the marker message that becomes a keep-alive; no
// subscription has this name, so no real event is ever taken for one.
const keepAliveEvent = "todomate:keep-alive"

// keepAliveComment is what a keep-alive writes: an SSE comment, which
// EventSource and the JS SDK ignore, so clients never see an event.
const keepAliveComment = ": keep-alive\n\n"

// keepAliveInterval is Config.KeepAlive as bindKeepAlive takes it: 0 is
// DefaultKeepAlive, negative is none (0).
func keepAliveInterval(d time.Duration) time.Duration {
	switch {
	case d == 0:
		return DefaultKeepAlive
	case d < 0:
		return 0
	}
	return d
}

// bindKeepAlive writes an SSE comment on every realtime connection every
// interval (none when interval is 0). PocketBase writes nothing on a
// connection without events, and proxies close a connection that has been
// silent for a minute; the JS SDK then reconnects, and whatever happened in
// between is lost to it.
//
// A marker message goes through the client's channel, so the comment is
// written by PocketBase's connection loop, the one goroutine that writes to
// the response. Each keep-alive also restarts PocketBase's idle timer (5
// min), so an idle connection now lasts until its maximum lifetime (30 min)
// or until a keep-alive's write fails.
func bindKeepAlive(app core.App, interval time.Duration) {
	if interval <= 0 {
		return
	}

	app.OnRealtimeConnectRequest().Bind(&hook.Handler[*core.RealtimeConnectRequestEvent]{
		Id: keepAliveHookId,
		// last, after the client limit and the hub's wrapper: e.Next() is
		// then PocketBase's connection loop itself, which registers the
		// client and returns once the connection ended and the client was
		// discarded (a Send blocked by then is let go by the discard)
		Priority: 1000,
		Func: func(e *core.RealtimeConnectRequestEvent) error {
			ctx := context.Background()
			if e.Request != nil { // (benchmarks connect without a request)
				ctx = e.Request.Context()
			}
			ctx, stop := context.WithCancel(ctx)
			defer stop()

			go keepAlive(ctx, e.Client, interval)

			return e.Next()
		},
	})

	app.OnRealtimeMessageSend().Bind(&hook.Handler[*core.RealtimeMessageEvent]{
		Id: keepAliveHookId,
		// first: no other handler sees the marker
		Priority: -1000,
		Func: func(e *core.RealtimeMessageEvent) error {
			if e.Message == nil || e.Message.Name != keepAliveEvent {
				return e.Next()
			}
			// not e.Next(): the marker is never written as an event
			if _, err := e.Response.Write([]byte(keepAliveComment)); err != nil {
				return err // PocketBase ends the connection
			}
			return e.Flush()
		},
	})
}

// keepAlive sends the client a marker every interval until ctx is done.
func keepAlive(ctx context.Context, client subscriptions.Client, interval time.Duration) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()

	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			if ctx.Err() != nil { // both were ready: the end wins
				return
			}
			// blocks until the connection loop takes it; the hub's wrapper
			// passes Send to PocketBase's client, beside its own queue (a
			// comment has no place in the events' order to keep)
			client.Send(subscriptions.Message{Name: keepAliveEvent})
		}
	}
}
