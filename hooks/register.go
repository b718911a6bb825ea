// Package hooks is todomate's behaviour on top of PocketBase: the validation
// and privacy checks that API rules cannot express, the friendships and
// audiences kept in step with follows, levels and blocks, the guard on
// client queries. One concern per file; Register binds them all, with the
// realtime engine (package realtime) and the read routes (package routes).
package hooks

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/todomate/todomate/limits"
	"github.com/todomate/todomate/realtime"
	"github.com/todomate/todomate/routes"
)

// Config is what a deployer may set of todomate; the zero Config is the
// defaults.
type Config struct {
	// FeedCacheBytes bounds the feed cache: 0 is 32 MiB, negative keeps
	// nothing.
	FeedCacheBytes int
	// RealtimeClients bounds the realtime clients connected at once: 0 is
	// DefaultRealtimeClients, negative is no bound.
	RealtimeClients int
	// RealtimeKeepAlive is how often an idle realtime connection gets a
	// keep-alive comment: 0 is realtime.DefaultKeepAlive, negative is none.
	RealtimeKeepAlive time.Duration
	// DataChanged signals a change to the database that no model hook saw
	// (a read replica's, package cluster): the read routes drop their cache.
	DataChanged <-chan struct{}
}

// DefaultRealtimeClients is the realtime clients a server takes at once
// unless told otherwise: with the Go runtime's default memory limit
// (package limits) the 512 MB VM holds them with room to spare.
const DefaultRealtimeClients = 1000

// Register binds todomate's hooks and routes to app. Together with the
// pb_migrations package (imported for its side effect) it is all another
// PocketBase app needs to become todomate.
func Register(app core.App, config Config) error {
	bindBodyLimit(app)
	bindMultipart(app)
	bindAuthors(app)
	bindGoals(app)
	bindTodos(app)
	bindTodoDays(app)
	bindDiaries(app)
	bindLikes(app)
	bindFollows(app)
	bindFriendships(app)
	bindUsers(app)
	bindNotifications(app)
	bindRoutines(app)
	bindAlarms(app)
	bindVisibilityLevels(app)
	losses := realtime.Bind(app, realtime.Config{
		MaxClients: config.realtimeClients(),
		KeepAlive:  config.RealtimeKeepAlive, // (0 and negative as realtime takes them)
	})
	bindAudiences(app, losses)
	bindBlocks(app, losses)
	routes.Bind(app, routes.Config{FeedCacheBytes: config.FeedCacheBytes, DataChanged: config.DataChanged})
	bindClientQueries(app)
	bindListNarrowing(app)
	bindStrictInput(app)

	return nil
}

// realtimeClients is RealtimeClients as realtime.Config takes it.
func (c Config) realtimeClients() int {
	return limits.OrDefault(c.RealtimeClients, DefaultRealtimeClients)
}

// MustRegister is Register for callers that cannot go on without todomate.
func MustRegister(app core.App, config Config) {
	if err := Register(app, config); err != nil {
		panic(err)
	}
}

// bindRouterMiddleware runs fn before every route of the router, methods
// and paths added later included, under id (so that a route which unbinds
// it is found by the door test).
func bindRouterMiddleware(app core.App, id string, fn func(e *core.RequestEvent) error) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(se *core.ServeEvent) error {
			se.Router.Bind(&hook.Handler[*core.RequestEvent]{Id: id, Func: fn})
			return se.Next()
		},
	})
}
