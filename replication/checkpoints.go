package replication

import (
	"path/filepath"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// While a server replicates, Litestream decides when data.db's WAL is
// checkpointed (bench/README.md, "Replication", has the measurements).
// Litestream holds a read transaction between its syncs, so that no
// checkpoint can take WAL frames it has not copied yet. SQLite's automatic
// checkpoint still ran after every commit of the app's once the WAL passed
// 1,000 pages, read the whole WAL each time and could not finish: under a
// steady write load, 46% of the server's CPU. The app's connections to
// data.db turn it off (wal_autocheckpoint 0, as Litestream advises for busy
// servers); Litestream checkpoints every 1,000 pages. That it gets the CPU
// to do so on one CPU is second_p.go's.

// DBConnect wraps next, the app's DBConnect, so that a server that
// replicates leaves data.db's checkpoints to Litestream. next must take a
// path that carries a query of its own, as limits.DBConnect does.
func (p *Replicator) DBConnect(next core.DBConnectFunc) core.DBConnectFunc {
	return func(dbPath string) (*dbx.DB, error) {
		if filepath.Base(dbPath) == dataDBName && p.enabled() && p.runsServe() {
			dbPath += "?_pragma=wal_autocheckpoint(0)"
		}
		return next(dbPath)
	}
}

// runsServe tells whether this process runs PocketBase's serve command, the
// one that replicates (other commands leave SQLite's checkpoints on: no
// Litestream runs beside them).
func (p *Replicator) runsServe() bool {
	cmd := p.invokedCommand()
	return cmd != nil && cmd.Name() == "serve"
}
