package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"github.com/todomate/todomate/collections"
)

// realtimeCollections are the collections whose realtime events todomate
// delivers itself, to their record's audience, instead of PocketBase's
// broadcast that checks every connected client.
func realtimeCollections() []string {
	return collections.RealtimeHandled
}

// Ids of the realtime handlers (unique per hook), for UnbindRealtime.
const (
	realtimeHookId      = "todomateRealtime"
	realtimeQuietHookId = "todomateRealtimeQuiet"
	realtimeLoudHookId  = "todomateRealtimeLoud"
)

// UnbindRealtime leaves realtime to PocketBase alone again: clients that
// connect afterwards are PocketBase's own, and so is the delivery of every
// event. Benchmarks use it to measure the "before" on the same app.
func UnbindRealtime(app core.App) {
	ids := []string{realtimeHookId, realtimeQuietHookId, realtimeLoudHookId}
	app.OnRealtimeConnectRequest().Unbind(ids...)
	app.OnModelAfterCreateSuccess().Unbind(ids...)
	app.OnModelAfterUpdateSuccess().Unbind(ids...)
	app.OnModelDelete().Unbind(ids...)
	app.OnModelAfterDeleteSuccess().Unbind(ids...)
	app.OnModelAfterDeleteError().Unbind(ids...)
}

// bindRealtime delivers the realtime events of realtimeCollections to the
// subscribers found from the record's audience (see docs/architecture.md, "Realtime"),
// and returns the hub, which tells those who lose sight of a record to drop
// it (realtime_losses.go); nil when realtime is PocketBase's alone.
//
// PocketBase's own broadcast handlers cannot be unbound: for these
// collections' events they are shown an app whose broker has no clients, so
// they return at once; and the clients in the real broker are todomate's
// wrappers, which never show PocketBase their subscriptions to these
// collections, so even a walk over them would check and send nothing.
func bindRealtime(app core.App) audienceLossListener {
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
		Id:       realtimeHookId,
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
	quiet := newRealtimeQuietApps()
	quiet.around(app.OnModelAfterCreateSuccess(realtimeCollections()...), -99)
	quiet.around(app.OnModelAfterUpdateSuccess(realtimeCollections()...), -99)
	quiet.around(app.OnModelDelete(realtimeCollections()...), 99)
	quiet.around(app.OnModelAfterDeleteSuccess(realtimeCollections()...), -99)
	quiet.aroundErrors(app.OnModelAfterDeleteError(realtimeCollections()...), -99)

	// Creates and updates are delivered after they commit (PocketBase runs
	// these hooks after the transaction), checked against the committed
	// state, like PocketBase does.
	app.OnModelAfterCreateSuccess(realtimeCollections()...).Bind(&hook.Handler[*core.ModelEvent]{
		Id: realtimeHookId,
		Func: func(e *core.ModelEvent) error {
			if record := realtimeRecord(e.Model); record != nil {
				hub.send(hub.prepare(e.App, "create", record))
			}
			return e.Next()
		},
	})
	app.OnModelAfterUpdateSuccess(realtimeCollections()...).Bind(&hook.Handler[*core.ModelEvent]{
		Id: realtimeHookId,
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
	app.OnModelDelete(realtimeCollections()...).Bind(&hook.Handler[*core.ModelEvent]{
		Id:       realtimeHookId,
		Priority: 99, // as late as possible, right before the row is deleted
		Func: func(e *core.ModelEvent) error {
			if record := realtimeRecord(e.Model); record != nil {
				hub.holdDelete(e.Model, hub.prepare(app, "delete", record))
			}
			return e.Next()
		},
	})
	app.OnModelAfterDeleteSuccess(realtimeCollections()...).Bind(&hook.Handler[*core.ModelEvent]{
		Id: realtimeHookId,
		Func: func(e *core.ModelEvent) error {
			hub.send(hub.releaseDelete(e.Model))
			return e.Next()
		},
	})
	app.OnModelAfterDeleteError(realtimeCollections()...).Bind(&hook.Handler[*core.ModelErrorEvent]{
		Id: realtimeHookId,
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

// realtimeQuietApp is the app as PocketBase's realtime handlers of the
// realtime collections see it: the same app with a broker of no clients.
type realtimeQuietApp struct {
	core.App
	broker *subscriptions.Broker
}

func (a *realtimeQuietApp) SubscriptionsBroker() *subscriptions.Broker { return a.broker }

type realtimeQuietApps struct {
	broker *subscriptions.Broker // never registered into: always empty
}

func newRealtimeQuietApps() *realtimeQuietApps {
	return &realtimeQuietApps{broker: subscriptions.NewBroker()}
}

// around shows the handlers of the given priority bound after these two the
// quiet app, and everything after them the real one again.
func (q *realtimeQuietApps) around(h *hook.TaggedHook[*core.ModelEvent], priority int) {
	h.Bind(&hook.Handler[*core.ModelEvent]{
		Id:       realtimeQuietHookId,
		Priority: priority,
		Func: func(e *core.ModelEvent) error {
			defer q.quiet(e)()
			return e.Next()
		},
	})
	h.Bind(&hook.Handler[*core.ModelEvent]{
		Id:       realtimeLoudHookId,
		Priority: priority + 1,
		Func: func(e *core.ModelEvent) error {
			q.loud(e)
			return e.Next()
		},
	})
}

// aroundErrors is around for the error events (a ModelEvent and its error).
func (q *realtimeQuietApps) aroundErrors(h *hook.TaggedHook[*core.ModelErrorEvent], priority int) {
	h.Bind(&hook.Handler[*core.ModelErrorEvent]{
		Id:       realtimeQuietHookId,
		Priority: priority,
		Func: func(e *core.ModelErrorEvent) error {
			defer q.quiet(&e.ModelEvent)()
			return e.Next()
		},
	})
	h.Bind(&hook.Handler[*core.ModelErrorEvent]{
		Id:       realtimeLoudHookId,
		Priority: priority + 1,
		Func: func(e *core.ModelErrorEvent) error {
			q.loud(&e.ModelEvent)
			return e.Next()
		},
	})
}

// quiet gives e the quiet app and returns what puts the real one back.
func (q *realtimeQuietApps) quiet(e *core.ModelEvent) (restore func()) {
	original := e.App
	e.App = &realtimeQuietApp{App: original, broker: q.broker}
	return func() { e.App = original }
}

// loud gives e the real app again, if it has the quiet one.
func (q *realtimeQuietApps) loud(e *core.ModelEvent) {
	if quiet, ok := e.App.(*realtimeQuietApp); ok {
		e.App = quiet.App
	}
}
