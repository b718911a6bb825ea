package replication

import (
	"os"
	"path/filepath"
	"runtime"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// While a server replicates, Litestream decides when data.db's WAL is
// checkpointed, and gets the CPU to keep up with it (bench/README.md,
// "Replication", has the measurements):
//
//   - Litestream holds a read transaction between its syncs, so that no
//     checkpoint can take WAL frames it has not copied yet. SQLite's
//     automatic checkpoint still ran after every commit of the app's once
//     the WAL passed 1,000 pages, read the whole WAL each time and could
//     not finish: under a steady write load, 46% of the server's CPU. The
//     app's connections to data.db turn it off (wal_autocheckpoint 0, as
//     Litestream advises for busy servers); Litestream checkpoints every
//     1,000 pages.
//   - With one P (GOMAXPROCS 1, Go's default on a one-CPU machine),
//     Litestream's copying got 2% of the CPU under a saturating write load
//     and fell behind without bound: the WAL grew to its 500 MB emergency
//     checkpoint, which stalled writes, and the replica lagged. A second P
//     lets it keep up. GOMAXPROCS set in the environment is left alone.

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

// ensureSecondP gives the Go scheduler a second P while Litestream runs,
// unless the environment sets GOMAXPROCS.
func ensureSecondP() {
	if os.Getenv("GOMAXPROCS") == "" && runtime.GOMAXPROCS(0) < 2 {
		runtime.GOMAXPROCS(2)
	}
}
