package cluster

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// mountTimeout bounds how long a node waits at start for the LiteFS mount
// and, on a replica, for the primary to have created data.db.
const mountTimeout = 2 * time.Minute

func (n *Node) posPath() string { return filepath.Join(n.config.Mount, dataDBName+"-pos") }

// serve starts following LiteFS and routing requests; on a replica it also
// stops the jobs that write.
func (n *Node) serve(e *core.ServeEvent) error {
	if err := n.read(); err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	n.bindRouting(e)
	go n.follow()
	if err := e.Next(); err != nil {
		return err
	}
	if n.IsReplica() {
		n.stopPrimaryOnlyJobs()
		e.App.OnSettingsReload().BindFunc(func(se *core.SettingsReloadEvent) error {
			err := se.Next()
			n.stopPrimaryOnlyJobs() // the settings put the backups job back
			return err
		})
	}
	return nil
}

// primaryOnlyJobs are PocketBase's cron jobs that write data.db or back it
// up; a replica leaves them to the primary. (Its own jobs on local things,
// the logs' cleanup and the rate limiters', stay.)
var primaryOnlyJobs = []string{"__pbAutoBackup__", "__pbMFACleanup__", "__pbOTPCleanup__", "__pbDBOptimize__"}

func (n *Node) stopPrimaryOnlyJobs() {
	for _, id := range primaryOnlyJobs {
		n.app.Cron().Remove(id)
	}
}

// prepareDatabases, before the app opens its databases: waits for the
// mount (and on a replica for data.db, which only the primary can create),
// and gives a replica's local auxiliary.db PocketBase's logs table. The
// latter is a system migration, which PocketBase would otherwise apply and
// record in data.db's _migrations, a write a replica cannot make.
func (n *Node) prepareDatabases(e *core.BootstrapEvent) error {
	if err := n.waitForMount(); err != nil {
		return err
	}
	if n.IsReplica() {
		if err := n.createLocalLogs(e.App); err != nil {
			return err
		}
	}
	return e.Next()
}

// waitForMount waits until LiteFS's mount answers and, on a replica, until
// the primary has created data.db and applied every migration this binary
// has: a replica never migrates (it cannot write), so a replica deployed
// before its primary waits, and one with newer migrations than the primary
// ever applies stops with the names of the missing ones.
func (n *Node) waitForMount() error {
	deadline := time.Now().Add(mountTimeout)
	for {
		err := n.read()
		if err == nil && n.IsReplica() {
			err = n.migratedByPrimary()
		}
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("cluster: waiting for the LiteFS mount %s: %w", n.config.Mount, err)
		}
		time.Sleep(100 * time.Millisecond) // LiteFS tells nobody when it is up
	}
}

// migratedByPrimary tells whether data.db exists and has every migration of
// this binary applied.
func (n *Node) migratedByPrimary() error {
	dataDB := filepath.Join(n.config.Mount, dataDBName)
	if _, err := os.Stat(dataDB); err != nil {
		return fmt.Errorf("no %s yet: the primary creates it on its first start", dataDB)
	}
	db, err := dbx.Open("sqlite", dataDB+"?mode=ro&_pragma=busy_timeout(1000)")
	if err != nil {
		return fmt.Errorf("opening %s: %w", dataDB, err)
	}
	defer db.Close()
	var applied []string
	if err := db.Select("file").From("_migrations").Column(&applied); err != nil {
		return fmt.Errorf("reading the primary's migrations: %w", err)
	}
	done := make(map[string]bool, len(applied))
	for _, file := range applied {
		done[file] = true
	}
	var missing []string
	for _, list := range []core.MigrationsList{core.SystemMigrations, core.AppMigrations} {
		for _, m := range list.Items() {
			if !done[m.File] {
				missing = append(missing, m.File)
			}
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the primary has not applied %v yet: deploy the primary first", missing)
	}
	return nil
}

// createLocalLogs applies PocketBase's own system migrations to a
// throwaway app whose data.db is local and whose data dir is this node's:
// auxiliary.db (local on every node) gets its tables exactly as PocketBase
// makes them, and the throwaway data.db is removed.
func (n *Node) createLocalLogs(app core.App) error {
	if hasLogsTable(filepath.Join(app.DataDir(), "auxiliary.db")) {
		return nil // an earlier start made it
	}
	scratch, err := os.MkdirTemp("", "todomate-replica-*")
	if err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	defer os.RemoveAll(scratch)

	local := core.NewBaseApp(core.BaseAppConfig{
		DataDir: app.DataDir(),
		DBConnect: func(dbPath string) (*dbx.DB, error) {
			if filepath.Base(dbPath) == dataDBName {
				dbPath = filepath.Join(scratch, dataDBName)
			}
			return core.DefaultDBConnect(dbPath)
		},
	})
	if err := local.Bootstrap(); err != nil {
		return fmt.Errorf("cluster: creating the replica's local logs database: %w", err)
	}
	if err := local.ResetBootstrapState(); err != nil && !errors.Is(err, os.ErrClosed) {
		return fmt.Errorf("cluster: closing the replica's local logs database: %w", err)
	}
	return nil
}

// hasLogsTable tells whether the local auxiliary.db already has PocketBase's
// logs table (false when it cannot tell: making it again is harmless).
func hasLogsTable(auxPath string) bool {
	if _, err := os.Stat(auxPath); err != nil {
		return false
	}
	db, err := dbx.Open("sqlite", auxPath+"?mode=ro")
	if err != nil {
		return false
	}
	defer db.Close()
	var tables int
	err = db.NewQuery("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_logs'").Row(&tables)
	return err == nil && tables == 1
}
