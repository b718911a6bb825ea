package replication

import (
	"path/filepath"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/limits"
)

// TestServeLeavesCheckpointsToLitestream: the server that replicates opens
// data.db with SQLite's automatic checkpoints off, and keeps the app's own
// pragmas; auxiliary.db, a server without a replica and the other commands
// (no Litestream beside them) keep SQLite's default of 1,000 pages.
func TestServeLeavesCheckpointsToLitestream(t *testing.T) {
	scenarios := []struct {
		name     string
		url      string
		args     []string
		database string
		want     int
	}{
		{"serve with a replica, data.db", "file:///replica", []string{"serve", "--http", "0.0.0.0:8090"}, "data.db", 0},
		{"serve with a replica, auxiliary.db", "file:///replica", []string{"serve"}, "auxiliary.db", 1000},
		{"serve without a replica", "", []string{"serve"}, "data.db", 1000},
		{"another command with a replica", "file:///replica", []string{"superuser", "upsert", "a@example.com", "password123"}, "data.db", 1000},
		{"no command with a replica", "file:///replica", nil, "data.db", 1000},
	}
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			p := New(Config{URL: s.url})
			p.args = s.args
			if err := p.Register(core.NewBaseApp(core.BaseAppConfig{DataDir: t.TempDir()}), newRootCommand()); err != nil {
				t.Fatal(err)
			}
			db, err := p.DBConnect(limits.Defaults().DBConnect())(filepath.Join(t.TempDir(), s.database))
			if err != nil {
				t.Fatalf("open %s: %v", s.database, err)
			}
			defer db.Close()
			var autocheckpoint, busyTimeout int
			if err := db.NewQuery("PRAGMA wal_autocheckpoint").Row(&autocheckpoint); err != nil {
				t.Fatal(err)
			}
			if err := db.NewQuery("PRAGMA busy_timeout").Row(&busyTimeout); err != nil {
				t.Fatal(err)
			}
			if autocheckpoint != s.want {
				t.Errorf("wal_autocheckpoint %d, want %d", autocheckpoint, s.want)
			}
			if busyTimeout != 10000 {
				t.Errorf("busy_timeout %d: the app's own pragmas were lost", busyTimeout)
			}
		})
	}
}
