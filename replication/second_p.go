package replication

import (
	"bytes"
	"encoding/binary"
	"os"
	"runtime"
	"time"

	"github.com/benbjohnson/litestream"
)

// Litestream's checkpoint (checkpoints.go) takes SQLite's write lock for a
// moment. With one P (GOMAXPROCS 1, Go's default on a one-CPU machine) and
// the app's writes back to back, it rarely got it: the WAL grew to
// Litestream's 500 MB emergency checkpoint, which stalled writes. A second
// P lets it through, but on one CPU the second P costs about 30% more CPU
// per write below saturation, where one P would do. So a server that
// replicates on one P takes a second only while Litestream is behind.
// GOMAXPROCS set in the environment, or a machine whose default is already
// 2 or more, is left alone.

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
		b := backlog{walFrames: frames, syncRunning: litestreamSyncRunning(db), uploadWait: p.uploadWait(db)}
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
// lacks transactions Litestream has read (not behind: 0).
func (p *Replicator) uploadWait(db *litestream.DB) time.Duration {
	local, err := db.Pos()
	if err != nil || local.TXID <= db.Replica.Pos().TXID {
		return 0
	}
	return p.sinceLastUpload(db)
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
