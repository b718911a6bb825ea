package replication

import (
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// StatusPath is the replication's health route: a 503 says the replica has
// been behind for longer than MaxLag (a deploy's monitoring check; not a
// reason to stop routing requests, which the server keeps serving).
const StatusPath = "/api/todomate/replication"

// Status is the answer of StatusPath.
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

func (p *plugin) bindStatusRoute(e *core.ServeEvent) error {
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

// status reads the replication's position without I/O: both positions are
// Litestream's in memory.
func (p *plugin) status() Status {
	db := p.db.Load()
	if db == nil {
		return Status{Enabled: false}
	}
	status := Status{Enabled: true}
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
		since := lastUpload
		if since.IsZero() {
			since = p.startedAt
		}
		status.LagSeconds = time.Since(since).Seconds()
	}
	return status
}
