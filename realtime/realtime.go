// Package realtime is todomate's realtime engine on PocketBase's SSE API:
// it delivers the events of the collections it handles
// (collections.RealtimeHandled) to the subscribers that may see the record,
// found from its audience (hub.go, audience.go) instead of by checking every
// client, and tells those who lose sight of a record to drop it
// (losses.go). Clients and the SSE protocol are PocketBase's own.
package realtime

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/visibility"
)

// handledCollections are the collections whose realtime events todomate
// delivers itself, to their record's audience, instead of PocketBase's
// broadcast that checks every connected client.
func handledCollections() []string {
	return collections.RealtimeHandled
}

// Ids of the realtime handlers (unique per hook), for Unbind.
const (
	hookId      = "todomateRealtime"
	quietHookId = "todomateRealtimeQuiet"
	loudHookId  = "todomateRealtimeLoud"
)

// Unbind leaves realtime to PocketBase alone again: clients that
// connect afterwards are PocketBase's own, and so is the delivery of every
// event. Benchmarks use it to measure the "before" on the same app.
func Unbind(app core.App) {
	ids := []string{hookId, quietHookId, loudHookId}
	// (the client limit and the keep-alive stay: they bound memory and keep
	// connections open, whoever delivers)
	app.OnRealtimeConnectRequest().Unbind(ids...)
	app.OnModelAfterCreateSuccess().Unbind(ids...)
	app.OnModelAfterUpdateSuccess().Unbind(ids...)
	app.OnModelDelete().Unbind(ids...)
	app.OnModelAfterDeleteSuccess().Unbind(ids...)
	app.OnModelAfterDeleteError().Unbind(ids...)
}

// Config is what a server sets of its realtime engine.
type Config struct {
	// MaxClients is how many realtime clients may be connected at once
	// (0: no limit); one more is refused with a 503 (client_limit.go).
	MaxClients int
	// KeepAlive is how often an idle connection gets an SSE comment, so
	// that proxies keep it open (keepalive.go): 0 is DefaultKeepAlive,
	// negative is none.
	KeepAlive time.Duration
}

// Bind delivers the realtime events of handledCollections to the
// subscribers found from the record's audience (see docs/architecture.md, "Realtime"),
// and returns the hub, which tells those who lose sight of a record to drop
// it (losses.go); nil when realtime is PocketBase's alone.
//
// PocketBase's own broadcast handlers cannot be unbound: for these
// collections' events they are shown an app whose broker has no clients, so
// they return at once; and the clients in the real broker are todomate's
// wrappers, which never show PocketBase their subscriptions to these
// collections, so even a walk over them would check and send nothing.
func Bind(app core.App, config Config) visibility.LossListener {
	bindClientLimit(app, config.MaxClients)
	bindKeepAlive(app, keepAliveInterval(config.KeepAlive))
	if !audienceRealtime {
		return nil
	}

	hub := newRealtimeHub(app)

	app.OnBootstrap().BindFunc(func(e *core.BootstrapEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		hub.refreshCollections()
		return nil
	})
	if app.IsBootstrapped() {
		hub.refreshCollections() // test apps bind hooks after bootstrapping
	}

	refreshCollections := func(e *core.CollectionEvent) error {
		hub.refreshCollections()
		return e.Next()
	}
	app.OnCollectionAfterCreateSuccess().BindFunc(refreshCollections)
	app.OnCollectionAfterUpdateSuccess().BindFunc(refreshCollections)
	app.OnCollectionAfterDeleteSuccess().BindFunc(refreshCollections)

	// Wrap the client before PocketBase registers it in its broker, so the
	// broker, the subscribe endpoint and PocketBase's broadcast all hold the
	// wrapper. It runs before every other connect handler.
	app.OnRealtimeConnectRequest().Bind(&hook.Handler[*core.RealtimeConnectRequestEvent]{
		Id:       hookId,
		Priority: -1000,
		Func: func(e *core.RealtimeConnectRequestEvent) error {
			e.Client = hub.wrap(e.Client)
			return e.Next()
		},
	})

	// PocketBase's own broadcast of these collections' events walks every
	// connected client; the wrappers would answer it "not subscribed", but
	// the walk alone grows with everyone online. Its handlers (priority -99,
	// bound when the router is built, after these) are shown an app whose
	// broker has no clients; every other handler sees the real app.
	quiet := newQuietApps()
	quiet.around(app.OnModelAfterCreateSuccess(handledCollections()...), -99)
	quiet.around(app.OnModelAfterUpdateSuccess(handledCollections()...), -99)
	quiet.around(app.OnModelDelete(handledCollections()...), 99)
	quiet.around(app.OnModelAfterDeleteSuccess(handledCollections()...), -99)
	quiet.aroundErrors(app.OnModelAfterDeleteError(handledCollections()...), -99)

	// Creates and updates are delivered after they commit (PocketBase runs
	// these hooks after the transaction), checked against the committed
	// state, like PocketBase does.
	app.OnModelAfterCreateSuccess(handledCollections()...).Bind(&hook.Handler[*core.ModelEvent]{
		Id: hookId,
		Func: func(e *core.ModelEvent) error {
			if record := realtimeRecord(e.Model); record != nil {
				hub.send(hub.prepare(e.App, "create", record))
			}
			return e.Next()
		},
	})
	app.OnModelAfterUpdateSuccess(handledCollections()...).Bind(&hook.Handler[*core.ModelEvent]{
		Id: hookId,
		Func: func(e *core.ModelEvent) error {
			if record := realtimeRecord(e.Model); record != nil {
				hub.send(hub.prepare(e.App, "update", record))
			}
			return e.Next()
		},
	})

	// A delete's recipients are found before the row goes, with the app
	// outside the delete's transaction: a record deleted in cascade (a
	// deleted user's todos) still reaches those who could see it, even
	// though its owner or friendships are deleted in the same transaction.
	// The messages wait for the commit and are dropped on a rollback.
	app.OnModelDelete(handledCollections()...).Bind(&hook.Handler[*core.ModelEvent]{
		Id:       hookId,
		Priority: 99, // as late as possible, right before the row is deleted
		Func: func(e *core.ModelEvent) error {
			if record := realtimeRecord(e.Model); record != nil {
				hub.holdDelete(e.Model, hub.prepare(app, "delete", record))
			}
			return e.Next()
		},
	})
	app.OnModelAfterDeleteSuccess(handledCollections()...).Bind(&hook.Handler[*core.ModelEvent]{
		Id: hookId,
		Func: func(e *core.ModelEvent) error {
			hub.send(hub.releaseDelete(e.Model))
			return e.Next()
		},
	})
	app.OnModelAfterDeleteError(handledCollections()...).Bind(&hook.Handler[*core.ModelErrorEvent]{
		Id: hookId,
		Func: func(e *core.ModelErrorEvent) error {
			hub.releaseDelete(e.Model)
			return e.Next()
		},
	})

	return hub
}

// realtimeRecord is the record behind a model event, if it is one.
func realtimeRecord(model core.Model) *core.Record {
	switch m := model.(type) {
	case *core.Record:
		return m
	case core.RecordProxy:
		return m.ProxyRecord()
	}
	return nil
}

// quietApp is the app as PocketBase's realtime handlers of the
// realtime collections see it: the same app with a broker of no clients.
type quietApp struct {
	core.App
	broker *subscriptions.Broker
}

func (a *quietApp) SubscriptionsBroker() *subscriptions.Broker { return a.broker }

type quietApps struct {
	broker *subscriptions.Broker // never registered into: always empty
}

func newQuietApps() *quietApps {
	return &quietApps{broker: subscriptions.NewBroker()}
}

// around shows the handlers of the given priority bound after these two the
// quiet app, and everything after them the real one again.
func (q *quietApps) around(h *hook.TaggedHook[*core.ModelEvent], priority int) {
	h.Bind(&hook.Handler[*core.ModelEvent]{
		Id:       quietHookId,
		Priority: priority,
		Func: func(e *core.ModelEvent) error {
			defer q.quiet(e)()
			return e.Next()
		},
	})
	h.Bind(&hook.Handler[*core.ModelEvent]{
		Id:       loudHookId,
		Priority: priority + 1,
		Func: func(e *core.ModelEvent) error {
			q.loud(e)
			return e.Next()
		},
	})
}

// aroundErrors is around for the error events (a ModelEvent and its error).
func (q *quietApps) aroundErrors(h *hook.TaggedHook[*core.ModelErrorEvent], priority int) {
	h.Bind(&hook.Handler[*core.ModelErrorEvent]{
		Id:       quietHookId,
		Priority: priority,
		Func: func(e *core.ModelErrorEvent) error {
			defer q.quiet(&e.ModelEvent)()
			return e.Next()
		},
	})
	h.Bind(&hook.Handler[*core.ModelErrorEvent]{
		Id:       loudHookId,
		Priority: priority + 1,
		Func: func(e *core.ModelErrorEvent) error {
			q.loud(&e.ModelEvent)
			return e.Next()
		},
	})
}

// quiet gives e the quiet app and returns what puts the real one back.
func (q *quietApps) quiet(e *core.ModelEvent) (restore func()) {
	original := e.App
	e.App = &quietApp{App: original, broker: q.broker}
	return func() { e.App = original }
}

// loud gives e the real app again, if it has the quiet one.
func (q *quietApps) loud(e *core.ModelEvent) {
	if quiet, ok := e.App.(*quietApp); ok {
		e.App = quiet.App
	}
}
