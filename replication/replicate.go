package replication

import (
	"context"
	"fmt"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/pocketbase/pocketbase/core"
)

// startReplicating opens Litestream on data.db once `serve` has applied the
// migrations, before the server takes requests. Other commands (superuser
// upsert, migrate) write to the same file; the server's Litestream picks
// their changes up from the WAL, or, if they ran while it was stopped, at
// its next start.
func (p *Replicator) startReplicating(e *core.ServeEvent) error {
	if !p.enabled() {
		return e.Next()
	}
	db, err := p.newReplica()
	if err != nil {
		return fmt.Errorf("replication: %w", err)
	}
	// Litestream's defaults: L1 every 30 s, L2 every 5 min, L3 hourly, a
	// snapshot and 24 hours of history kept
	store := litestream.NewStore([]*litestream.DB{db}, litestream.DefaultCompactionLevels)
	store.Logger = p.logger
	db.SetLogger(p.logger)
	if err := store.Open(context.Background()); err != nil {
		return fmt.Errorf("replication: starting Litestream on %s to %s: %w", dataDBName, redactURL(p.config.URL), err)
	}
	p.startedAt = time.Now()
	p.store.Store(store)
	p.db.Store(db)
	p.stopPs = make(chan struct{})
	p.psStopped = make(chan struct{})
	go func() {
		defer close(p.psStopped)
		p.secondPWhileBehind(db, p.stopPs) // second_p.go
	}()
	return e.Next()
}

// stopReplicating uploads what is left and stops Litestream after PocketBase
// has closed the database: Litestream must not close its own connection
// while the app's are open (POSIX locks are per process).
func (p *Replicator) stopReplicating(e *core.TerminateEvent) error {
	err := e.Next()
	store := p.store.Swap(nil)
	p.db.Store(nil)
	if store == nil {
		return err
	}
	close(p.stopPs)
	<-p.psStopped
	if closeErr := store.Close(context.Background()); closeErr != nil {
		p.logger.Error("stopping replication", "error", closeErr)
	}
	return err
}
