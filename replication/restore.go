package replication

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// restoreTimeout bounds a restore at start or by the command: a database of
// a few GB from object storage on the same continent takes minutes.
const restoreTimeout = 30 * time.Minute

// restoreMissingDatabase restores data.db from the replica before the app
// opens it, when there is a replica and no data.db: a new machine (or a lost
// volume) starts where the replica is. Every command bootstraps the app, so
// this runs first whatever the command (a `superuser upsert` on a new
// machine must not create an empty database that would then stand in for
// the replica), except the restore command, which does its own restoring.
func (p *Replicator) restoreMissingDatabase(e *core.BootstrapEvent) error {
	if p.runningRestoreCommand() {
		// bootstrapping creates data.db: the command must know whether it
		// was there before, to move aside only a real one
		_, err := os.Stat(p.dataDBPath())
		p.dataDBBeforeRestore = err == nil
		return e.Next()
	}
	if !p.enabled() {
		return e.Next()
	}
	if _, err := os.Stat(p.dataDBPath()); err == nil {
		return e.Next()
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("replication: checking %s: %w", p.dataDBPath(), err)
	}

	db, err := p.newReplica()
	if err != nil {
		return fmt.Errorf("replication: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), restoreTimeout)
	defer cancel()
	if err := db.Replica.Client.Init(ctx); err != nil {
		return fmt.Errorf("replication: connecting to the replica: %w", err)
	}
	// an empty replica (the very first start) is not an error: PocketBase
	// creates a new database
	if err := db.EnsureExists(ctx); err != nil {
		return fmt.Errorf("replication: restoring %s from the replica: %w", dataDBName, err)
	}
	return e.Next()
}

// runningRestoreCommand tells whether this process runs `restore`.
func (p *Replicator) runningRestoreCommand() bool {
	return p.restoreCmd != nil && p.invokedCommand() == p.restoreCmd
}

func newRestoreCommand(p *Replicator) *cobra.Command {
	var timestamp string
	cmd := &cobra.Command{
		Use:   "restore",
		Short: "Restores data.db from the replica (--replica), to its latest state or to --timestamp",
		Long: `Restores data.db in the data dir from the replica: to its latest state, or to
the last transaction at or before --timestamp (RFC 3339, e.g. 2026-12-06T03:00:00Z;
the replica keeps 24 hours of history). Stop the server first. An existing data.db
is moved aside (data.db.before-restore-<time>), not deleted.`,
		SilenceUsage: true,
		Args:         cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var at time.Time
			if timestamp != "" {
				var err error
				if at, err = time.Parse(time.RFC3339Nano, timestamp); err != nil {
					return fmt.Errorf("--timestamp %q is not an RFC 3339 time (2026-12-06T03:00:00Z): %w", timestamp, err)
				}
			}
			if !p.enabled() {
				return errors.New("no replica: set --replica or TODOMATE_REPLICA_URL")
			}
			path, err := p.restore(cmd.Context(), at)
			if err != nil {
				return err
			}
			if at.IsZero() {
				cmd.Printf("Restored %s from the replica's latest state.\n", path)
			} else {
				cmd.Printf("Restored %s as it was at %s.\n", path, at.UTC().Format(time.RFC3339Nano))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&timestamp, "timestamp", "", "restore to this time (RFC 3339) instead of the latest state")
	return cmd
}

// restore replaces data.db with the replica's state at the given time (zero:
// the latest), moving the present one and its WAL aside, and returns the
// path of the restored data.db.
func (p *Replicator) restore(ctx context.Context, at time.Time) (string, error) {
	// the app has opened (and so created) data.db while bootstrapping
	if err := p.app.ResetBootstrapState(); err != nil {
		return "", fmt.Errorf("closing the database before the restore: %w", err)
	}

	db, err := p.newReplica()
	if err != nil {
		return "", err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, restoreTimeout)
	defer cancel()
	if err := db.Replica.Client.Init(ctx); err != nil {
		return "", fmt.Errorf("connecting to the replica: %w", err)
	}

	path := p.dataDBPath()
	restored := path + ".restoring"
	if err := removeDatabaseFiles(restored); err != nil {
		return "", err
	}
	opt := litestream.NewRestoreOptions()
	opt.OutputPath = restored
	opt.Timestamp = at
	opt.IntegrityCheck = litestream.IntegrityCheckQuick
	if err := db.Replica.Restore(ctx, opt); err != nil {
		_ = removeDatabaseFiles(restored)
		if errors.Is(err, litestream.ErrTxNotAvailable) || errors.Is(err, litestream.ErrNoSnapshots) {
			return "", fmt.Errorf("the replica has nothing to restore at that time: %w", err)
		}
		return "", fmt.Errorf("restoring from the replica: %w", err)
	}

	if p.dataDBBeforeRestore {
		aside := fmt.Sprintf("%s.before-restore-%s", path, time.Now().UTC().Format("20060102T150405Z"))
		if err := moveDatabaseFiles(path, aside); err != nil {
			return "", err
		}
	} else if err := removeDatabaseFiles(path); err != nil {
		return "", err
	}
	// Litestream's local state describes the database moved aside; the next
	// serve rebuilds it from the restored one
	if err := os.RemoveAll(p.metaPath()); err != nil {
		return "", fmt.Errorf("removing Litestream's local state %s: %w", p.metaPath(), err)
	}
	if err := os.Rename(restored, path); err != nil {
		return "", fmt.Errorf("moving the restored database into place: %w", err)
	}
	return path, nil
}

// databaseFileSuffixes are SQLite's files of one database.
var databaseFileSuffixes = []string{"", "-wal", "-shm"}

func moveDatabaseFiles(from, to string) error {
	for _, suffix := range databaseFileSuffixes {
		err := os.Rename(from+suffix, to+suffix)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("moving %s aside: %w", from+suffix, err)
		}
	}
	return nil
}

func removeDatabaseFiles(path string) error {
	for _, suffix := range databaseFileSuffixes {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("removing %s: %w", path+suffix, err)
		}
	}
	return nil
}

// redactURL is a replica URL fit for logs and errors: without credentials.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	if u.User != nil {
		u.User = url.User("REDACTED")
	}
	return u.String()
}
