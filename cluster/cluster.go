// Package cluster runs todomate on LiteFS (fly.io's replicated SQLite file
// system): data.db lives on the LiteFS mount, which ships each transaction
// from the primary to read replicas; everything else (auxiliary.db, uploads,
// backups) stays local to each node, or on S3 (package storage).
//
// A node learns its role from LiteFS itself: on a replica the mount holds a
// .primary file naming the primary (its lease hostname, which todomate
// reads as the primary's URL). A replica
//   - forwards every request that writes, the realtime stream and its
//     subscriptions, and backups to the primary (forward.go), with the
//     client's address;
//   - answers a forwarded write only once the write has reached it, and
//     makes any read that names a transaction (the X-Todomate-Txid header
//     or cookie every write answer carries) wait for it (consistency.go);
//   - follows the replicated database: when LiteFS's position moves, the
//     feed cache, PocketBase's settings and collections are refreshed
//     (follow.go);
//   - runs no crons, and leaves settings to the primary (primary_only.go).
//
// Without a mount nothing changes.
package cluster

import (
	"path/filepath"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Config is what a node sets of its place in a cluster.
type Config struct {
	// Mount is the LiteFS FUSE mount holding data.db (TODOMATE_LITEFS_MOUNT);
	// empty: a single node, no cluster.
	Mount string

	// DataChanged receives a signal (dropped when one is pending) each time
	// a replica's database moved under it: the read routes drop their cache.
	DataChanged chan<- struct{}

	// FollowInterval is how often a node reads LiteFS's position (default
	// DefaultFollowInterval): the bound on how late a replica's caches are.
	FollowInterval time.Duration

	// WaitTimeout bounds how long a request waits for a transaction to
	// reach this node (default DefaultWaitTimeout); past it a read is sent
	// to the primary.
	WaitTimeout time.Duration
}

const (
	DefaultFollowInterval = 20 * time.Millisecond
	DefaultWaitTimeout    = 5 * time.Second
)

// dataDBName is PocketBase's main database file.
const dataDBName = "data.db"

// DBConnect opens data.db on the mount and every other database (auxiliary.db)
// where PocketBase asks, with next. Empty mount: next itself.
func DBConnect(mount string, next core.DBConnectFunc) core.DBConnectFunc {
	if mount == "" {
		return next
	}
	return func(dbPath string) (*dbx.DB, error) {
		if filepath.Base(dbPath) == dataDBName {
			dbPath = filepath.Join(mount, dataDBName)
		}
		return next(dbPath)
	}
}

// Register makes app a node of the cluster on config.Mount, and returns
// the node (nil without a mount: a nil node is a primary).
func Register(app core.App, config Config) *Node {
	if config.Mount == "" {
		return nil
	}
	if config.FollowInterval <= 0 {
		config.FollowInterval = DefaultFollowInterval
	}
	if config.WaitTimeout <= 0 {
		config.WaitTimeout = DefaultWaitTimeout
	}
	n := newNode(app, config)

	app.OnBootstrap().BindFunc(n.prepareDatabases)
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		// before storage's settings save and every route
		Priority: -100,
		Func:     n.serve,
	})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		n.stop()
		return e.Next()
	})
	return n
}
