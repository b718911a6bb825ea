package replication

import (
	"context"
	"path/filepath"

	"github.com/benbjohnson/litestream"
	"github.com/pocketbase/pocketbase/core"
)

// leaveOutOfBackups keeps Litestream's local state (.data.db-litestream, the
// recent transactions on their way to the replica) out of PocketBase's
// backup archives: it describes the database of the moment, is rebuilt from
// the database, and would only make every backup larger.
func (p *Replicator) leaveOutOfBackups(e *core.BackupEvent) error {
	e.Exclude = append(e.Exclude, filepath.Base(p.metaPath()))
	return e.Next()
}

// stopBeforeBackupRestore uploads what is left and stops replicating before
// PocketBase swaps the data dir for a backup's and restarts: Litestream must
// not go on reading a database file that is being replaced. After the
// restart, serve replicates the restored database, which the replica takes
// as its next state (as after `todomate restore --timestamp`).
func (p *Replicator) stopBeforeBackupRestore(e *core.BackupEvent) error {
	if store := p.store.Swap(nil); store != nil {
		p.db.Store(nil)
		if err := store.Close(context.Background()); err != nil {
			p.logger.Error("stopping replication before a backup restore", "error", err)
		}
	}
	return e.Next()
}

// metaPath is Litestream's local state directory of data.db.
func (p *Replicator) metaPath() string {
	dir, file := filepath.Split(p.dataDBPath())
	return filepath.Join(dir, "."+file+litestream.MetaDirSuffix)
}
