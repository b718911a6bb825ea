package replication

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/benbjohnson/litestream"
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
//   - Litestream's checkpoint takes SQLite's write lock for a moment. With
//     one P (GOMAXPROCS 1, Go's default on a one-CPU machine) and the app's
//     writes back to back, it rarely got it: the WAL grew to Litestream's
//     500 MB emergency checkpoint, which stalled writes. A second P lets it
//     through, but on one CPU the second P costs about 30% more CPU per
//     write below saturation, where one P would do. So the server runs with
//     one P and takes a second only while Litestream is behind
//     (secondPWhileBehind). GOMAXPROCS set in the environment, or a machine
//     whose default is already 2 or more, is left alone.

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

// The server is behind, and takes a second P, when any of these holds; it
// has caught up, and goes back to one, when none does and a checkpoint has
// brought the WAL back under Litestream's checkpoint size:
//   - The WAL has grown to behindCheckpoints times the checkpoint size: 16
//     MB, about a second of writes at saturation on one CPU, far short of
//     Litestream's 500 MB emergency checkpoint.
//   - One of Litestream's syncs (or checkpoints) has run for slowSync. A
//     sync copies the WAL's new frames and takes milliseconds; on one P
//     under a write load one chased the WAL's end for 20 s.
//   - The replica has gone without an upload, while behind the database,
//     for longer than the replication's own cadence (MonitorInterval +
//     SyncInterval): the recovery point is at stake, and a second P gets
//     Litestream's upload through sooner.
const (
	behindCheckpoints = 4
	slowSync          = 250 * time.Millisecond
)

// secondPWhileBehind gives the Go scheduler a second P while the server is
// behind and goes back to one once it has caught up. It looks every
// MonitorInterval until stop is closed, and leaves one P. It returns at
// once unless the server runs on one P and the environment does not set
// GOMAXPROCS.
func (p *Replicator) secondPWhileBehind(db *litestream.DB, stop <-chan struct{}) {
	if os.Getenv("GOMAXPROCS") != "" || runtime.GOMAXPROCS(0) != 1 {
		return
	}
	defer runtime.GOMAXPROCS(1)
	walIndex, err := os.Open(db.Path() + "-shm")
	if err != nil {
		p.logger.Error("not watching the WAL: a second P all along", "error", err)
		runtime.GOMAXPROCS(2)
		<-stop
		return
	}
	defer walIndex.Close()
	limits := backlogLimits{
		checkpointSize: db.MinCheckpointPageN,
		uploadCadence:  p.config.MonitorInterval + p.config.SyncInterval,
	}
	ticker := time.NewTicker(p.config.MonitorInterval)
	defer ticker.Stop()
	for {
		select {
		case <-stop:
			return
		case <-ticker.C:
		}
		frames, ok := walIndexFrames(walIndex)
		if !ok {
			continue
		}
		b := backlog{walFrames: frames, syncRunning: litestreamSyncRunning(db), uploadWait: uploadWait(db)}
		ps := runtime.GOMAXPROCS(0)
		if want := psFor(ps, b, limits); want != ps {
			runtime.GOMAXPROCS(want)
		}
	}
}

// backlog is what secondPWhileBehind reads of data.db's replication.
type backlog struct {
	// walFrames: the WAL's frames since its last restart, as SQLite counts
	// them (walIndexFrames; Litestream's count is behind when it is)
	walFrames int
	// syncRunning: how long Litestream's current sync or checkpoint has
	// run (none: 0)
	syncRunning time.Duration
	// uploadWait: how long the replica has gone without an upload while
	// behind the database (not behind: 0)
	uploadWait time.Duration
}

// backlogLimits are a server's limits on its backlog (besides slowSync).
type backlogLimits struct {
	checkpointSize int           // pages: Litestream's MinCheckpointPageN
	uploadCadence  time.Duration // MonitorInterval + SyncInterval
}

// psFor is how many Ps a server on ps Ps takes with its backlog: two while
// behind, one once caught up, and in between what it has, so that it does
// not switch back and forth around one size of the WAL.
func psFor(ps int, b backlog, limits backlogLimits) int {
	switch {
	case b.walFrames >= behindCheckpoints*limits.checkpointSize,
		b.syncRunning >= slowSync,
		b.uploadWait > limits.uploadCadence:
		return 2
	case b.walFrames < limits.checkpointSize:
		return 1
	}
	return ps
}

// litestreamSyncRunning is how long db's current sync or checkpoint has
// run (none: 0).
func litestreamSyncRunning(db *litestream.DB) time.Duration {
	diag := db.SyncDiagnostic()
	if !diag.Active {
		return 0
	}
	return time.Duration(diag.ElapsedSeconds * float64(time.Second))
}

// uploadWait is how long db's replica has gone without an upload while it
// lacks transactions Litestream has read (not behind: 0). An idle replica
// records an upload every SyncInterval or two.
func uploadWait(db *litestream.DB) time.Duration {
	local, err := db.Pos()
	if err != nil || local.TXID <= db.Replica.Pos().TXID {
		return 0
	}
	return time.Since(db.LastSuccessfulSyncAt())
}

// walIndexFrames reads how many frames the WAL holds since its last
// restart (mxFrame) from the WAL index, data.db-shm. The index begins with
// two copies of a 48-byte header in the machine's byte order, mxFrame at
// offset 16; a writer updates one copy, then the other, so copies that
// differ are a header being written: false, as SQLite's readers retry.
// (https://www.sqlite.org/walformat.html, "The WAL-Index Header")
func walIndexFrames(walIndex *os.File) (frames int, ok bool) {
	var header [96]byte
	if _, err := walIndex.ReadAt(header[:], 0); err != nil {
		return 0, false
	}
	if !bytes.Equal(header[:48], header[48:]) || header[12] == 0 { // isInit
		return 0, false
	}
	return int(binary.NativeEndian.Uint32(header[16:20])), true
}
