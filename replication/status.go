package replication

import (
	"context"
	"net/http"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/pocketbase/pocketbase/core"
)

// StatusPath is the replication's health route: a 503 says the replica has
// been behind for longer than MaxLag (a deploy's monitoring check; not a
// reason to stop routing requests, which the server keeps serving).
const StatusPath = "/api/todomate/replication"

// Status is the answer of StatusPath.
//
// The database's position is read fresh for each answer (a read of the WAL's
// new frames, as Litestream's monitor does every MonitorInterval).
type Status struct {
	// Enabled: a replica URL is set and the server replicates to it.
	Enabled bool `json:"enabled"`
	// LocalTxid and ReplicaTxid are the last transaction written to data.db
	// that Litestream has seen, and the last one uploaded (hex, as
	// Litestream prints them).
	LocalTxid   string `json:"localTxid,omitempty"`
	ReplicaTxid string `json:"replicaTxid,omitempty"`
	// Behind: the replica lacks transactions the database has.
	Behind bool `json:"behind"`
	// LagSeconds is how long the replica has gone without an upload while
	// behind (0 when it is not behind).
	LagSeconds float64 `json:"lagSeconds"`
	// LastUploadAt is the last successful upload (none yet: empty).
	LastUploadAt string `json:"lastUploadAt,omitempty"`
}

func (p *Replicator) bindStatusRoute(e *core.ServeEvent) error {
	e.Router.GET(StatusPath, func(re *core.RequestEvent) error {
		status := p.status()
		code := http.StatusOK
		if status.LagSeconds > p.config.MaxLag.Seconds() {
			code = http.StatusServiceUnavailable
		}
		return re.JSON(code, status)
	})
	return e.Next()
}

// statusSyncTimeout bounds how long the status waits for Litestream to read
// the WAL (freshLocalPosition).
const statusSyncTimeout = 500 * time.Millisecond

// status compares the database's latest transaction with the replica's.
func (p *Replicator) status() Status {
	db := p.db.Load()
	if db == nil {
		return Status{Enabled: false}
	}
	status := Status{Enabled: true}
	if !p.freshLocalPosition(db) {
		status.Behind = true
	}
	local, err := db.Pos()
	if err != nil {
		// no position yet (Litestream has not read the WAL): behind until it has
		status.Behind = true
	}
	replica := db.Replica.Pos()
	status.LocalTxid = local.TXID.String()
	status.ReplicaTxid = replica.TXID.String()
	if local.TXID > replica.TXID {
		status.Behind = true
	}
	lastUpload := db.LastSuccessfulSyncAt()
	if !lastUpload.IsZero() {
		status.LastUploadAt = lastUpload.UTC().Format(time.RFC3339Nano)
	}
	if status.Behind {
		status.LagSeconds = p.sinceLastUpload(db).Seconds()
	}
	return status
}

// sinceLastUpload is how long ago db's replica last uploaded, or, before
// its first upload, serve started replicating. A replica with nothing new
// still records an upload every SyncInterval or two.
func (p *Replicator) sinceLastUpload(db *litestream.DB) time.Duration {
	since := db.LastSuccessfulSyncAt()
	if since.IsZero() {
		since = p.startedAt
	}
	return time.Since(since)
}

// freshLocalPosition has Litestream read the WAL now, so that its position
// of the database is the latest transaction and not the one its monitor
// last saw: a monitor held up (by a compaction retrying a bucket that was
// unreachable, say) would otherwise make a replica that is behind look
// caught up. It waits statusSyncTimeout at most; false: the position may be
// old. One read at a time: a status asked while one is still running
// answers false at once.
func (p *Replicator) freshLocalPosition(db *litestream.DB) bool {
	if !p.syncing.CompareAndSwap(false, true) {
		return false
	}
	done := make(chan error, 1)
	go func() {
		defer p.syncing.Store(false)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		done <- db.Sync(ctx)
	}()
	timeout := time.NewTimer(statusSyncTimeout)
	defer timeout.Stop()
	select {
	case err := <-done:
		return err == nil
	case <-timeout.C:
		return false
	}
}
