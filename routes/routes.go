// Package routes is todomate's read routes under /api/todomate: the
// friends list, the friends' day (feed, with its cache) and a month at a
// glance (calendar). They answer what the records API would answer the same
// user, with their own SQL where the rules are the migrated ones
// (feed_direct.go, calendar_direct.go) and through the rules otherwise
// (visible.go), on a bounded read queue (queue.go).
package routes

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/limits"
)

// Bind serves todomate's own read routes, for the screens that the
// records API would answer only with one request per friend: the friends
// list, the friends' day (feed) and a month at a glance (calendar).
//
// They show exactly what the records API would show to the same user: with
// the collections' rules as migrated they read with their own SQL, which
// restates those rules (feed_direct.go, calendar_direct.go; a test holds the
// two to the same answers), and with any other rules they read through the
// rules themselves (listableQuery in visible.go).
func Bind(app core.App, config Config) {
	statements := newPreparedStatements()
	cache := newFeedCache(config.feedCacheBytes())
	queue := newReadQueue()
	bindFeedCache(app, cache)
	if config.DataChanged != nil {
		go func() {
			for range config.DataChanged {
				cache.changedAll()
			}
		}()
	}

	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/todomate")
		// Every open app polls these; a log entry per successful read
		// would be most of the logs, and writing them cost more than
		// answering a kept feed (bench/feed.sh). Failures are still logged,
		// as PocketBase does for its own realtime connections.
		g.Bind(apis.RequireAuth(), apis.SkipSuccessActivityLog())

		g.GET("/friends", func(e *core.RequestEvent) error { return friendsList(e, statements) })
		g.GET("/feed", func(e *core.RequestEvent) error { return feedList(e, statements, cache, queue) })
		g.GET("/users/{id}/calendar", func(e *core.RequestEvent) error { return calendarView(e, statements, queue) })

		return se.Next()
	})
}

// Config is what a deployer may set of the routes; the zero Config is the
// defaults.
type Config struct {
	// FeedCacheBytes bounds the feed cache: 0 is feedCacheMaxBytes,
	// negative keeps nothing.
	FeedCacheBytes int
	// DataChanged signals a change to the database that no model hook
	// saw (on a read replica): every kept feed is dropped.
	DataChanged <-chan struct{}
}

func (c Config) feedCacheBytes() int { return limits.OrDefault(c.FeedCacheBytes, feedCacheMaxBytes) }
