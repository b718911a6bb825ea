package replication

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/todomate/todomate/limits"
)

// TestSecondPWhileBehindCheckpoints: a server that replicates on one P
// takes a second while its WAL grows past Litestream's checkpoints (here: a
// reader holds them back), goes back to one once a checkpoint has restarted
// the WAL, and leaves one P when it stops.
func TestSecondPWhileBehindCheckpoints(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	t.Setenv("GOMAXPROCS", "")
	runtime.GOMAXPROCS(1)
	app, p, _ := newServedApp(t, t.TempDir(), Config{URL: fileReplicaURL(t.TempDir()), MonitorInterval: 10 * time.Millisecond})
	defer func() {
		if app.IsBootstrapped() {
			terminate(t, app)
		}
	}()
	if _, err := app.DB().NewQuery("CREATE TABLE pages (b BLOB)").Execute(); err != nil {
		t.Fatal(err)
	}
	writePages := func(n int) {
		t.Helper()
		// a row of 4,000 bytes fills a page of its own
		_, err := app.DB().NewQuery(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < {:n})
			INSERT INTO pages SELECT randomblob(4000) FROM n`).Bind(dbx.Params{"n": n}).Execute()
		if err != nil {
			t.Fatalf("writing %d pages: %v", n, err)
		}
	}
	// holdCheckpoints begins a read transaction, which keeps every
	// checkpoint from passing the writes after it until release
	holdCheckpoints := func() (release func()) {
		t.Helper()
		ctx := context.Background()
		reader, err := app.ConcurrentDB().(*dbx.DB).DB().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var count int
		if _, err := reader.ExecContext(ctx, "BEGIN"); err != nil {
			t.Fatal(err)
		}
		if err := reader.QueryRowContext(ctx, "SELECT count(*) FROM pages").Scan(&count); err != nil {
			t.Fatal(err)
		}
		return func() {
			t.Helper()
			defer reader.Close()
			if _, err := reader.ExecContext(ctx, "COMMIT"); err != nil {
				t.Fatal(err)
			}
		}
	}
	checkpointSize := p.db.Load().MinCheckpointPageN

	release := holdCheckpoints()
	writePages(behindCheckpoints * checkpointSize)
	waitFor(t, "a second P while the WAL is behind", func() bool { return runtime.GOMAXPROCS(0) == 2 })
	release()
	writePages(1) // Litestream checkpoints after a sync that read new pages
	waitFor(t, "one P after a checkpoint restarted the WAL", func() bool { return runtime.GOMAXPROCS(0) == 1 })

	// ... and again, the server stopped while behind
	release = holdCheckpoints()
	writePages(behindCheckpoints * checkpointSize)
	waitFor(t, "a second P while the WAL is behind", func() bool { return runtime.GOMAXPROCS(0) == 2 })
	release()
	terminate(t, app)
	if got := runtime.GOMAXPROCS(0); got != 1 {
		t.Errorf("GOMAXPROCS %d after the server stopped, want 1", got)
	}
}

// TestSecondPWhileUploadsWait: a server on one P whose replica cannot be
// written takes a second P once a write has waited longer than the
// replication's cadence for its upload, and goes back to one when the
// replica catches up.
func TestSecondPWhileUploadsWait(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	t.Setenv("GOMAXPROCS", "")
	runtime.GOMAXPROCS(1)
	replicaDir := filepath.Join(t.TempDir(), "replica")
	app, p, _ := newServedApp(t, t.TempDir(), Config{URL: fileReplicaURL(replicaDir)})
	defer terminate(t, app)
	saveSuperuser(t, app, "first@example.com")
	waitReplicated(t, p)

	// a file where the replica's directory was: every upload fails (as
	// root too, which a directory's permissions would not stop)
	if err := os.Rename(replicaDir, replicaDir+".away"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(replicaDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	saveSuperuser(t, app, "second@example.com")
	waitFor(t, "a second P while the upload waits", func() bool { return runtime.GOMAXPROCS(0) == 2 })

	if err := os.Remove(replicaDir); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(replicaDir+".away", replicaDir); err != nil {
		t.Fatal(err)
	}
	waitReplicated(t, p)
	waitFor(t, "one P once the replica caught up", func() bool { return runtime.GOMAXPROCS(0) == 1 })
}

// TestWALIndexFrames: the frames read from data.db-shm are those SQLite
// counts in the WAL, as it grows and after a checkpoint restarted it.
func TestWALIndexFrames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.db")
	db, err := limits.Defaults().DBConnect()(path + "?_pragma=wal_autocheckpoint(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.NewQuery("CREATE TABLE pages (b BLOB)").Execute(); err != nil {
		t.Fatal(err)
	}
	walIndex, err := os.Open(path + "-shm")
	if err != nil {
		t.Fatal(err)
	}
	defer walIndex.Close()
	for _, step := range []string{
		"INSERT INTO pages VALUES (randomblob(10))",
		"INSERT INTO pages SELECT randomblob(4000) FROM pages",
		"INSERT INTO pages SELECT randomblob(4000) FROM pages",
		"PRAGMA wal_checkpoint(RESTART)",
		"INSERT INTO pages VALUES (randomblob(10))",
		"INSERT INTO pages SELECT randomblob(9000) FROM pages",
	} {
		if _, err := db.NewQuery(step).Execute(); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		// PRAGMA wal_checkpoint answers the WAL's frames (a PASSIVE
		// checkpoint does not restart the WAL)
		var busy, walFrames, checkpointed int
		if err := db.NewQuery("PRAGMA wal_checkpoint(PASSIVE)").Row(&busy, &walFrames, &checkpointed); err != nil {
			t.Fatal(err)
		}
		frames, ok := walIndexFrames(walIndex)
		if !ok || frames != walFrames {
			t.Errorf("after %s: %d frames (%v), SQLite says %d", step, frames, ok, walFrames)
		}
	}
}

// TestPsFor: two Ps from four checkpoints' worth of frames behind, a sync
// of 250 ms or an upload later than the replication's cadence; one again
// under one checkpoint's worth of frames with none of those; in between,
// what the server has.
func TestPsFor(t *testing.T) {
	limits := backlogLimits{checkpointSize: 1000, uploadCadence: 600 * time.Millisecond}
	scenarios := []struct {
		ps          int
		frames      int
		syncRunning time.Duration
		uploadWait  time.Duration
		want        int
	}{
		{1, 0, 0, 0, 1},
		{1, 999, 0, 0, 1},
		{1, 1000, 0, 0, 1},
		{1, 3999, 249 * time.Millisecond, 600 * time.Millisecond, 1},
		{1, 4000, 0, 0, 2},
		{1, 120000, 0, 0, 2},
		{1, 0, 250 * time.Millisecond, 0, 2},
		{1, 2000, 20 * time.Second, 0, 2},
		{1, 0, 0, 601 * time.Millisecond, 2},
		{1, 1500, 0, time.Hour, 2},
		{2, 4000, 0, 0, 2},
		{2, 1000, 0, 0, 2},
		{2, 999, 0, 0, 1},
		{2, 0, 100 * time.Millisecond, 500 * time.Millisecond, 1},
		{2, 0, 250 * time.Millisecond, 0, 2},
		{2, 0, 0, 700 * time.Millisecond, 2},
	}
	for _, s := range scenarios {
		b := backlog{walFrames: s.frames, syncRunning: s.syncRunning, uploadWait: s.uploadWait}
		if got := psFor(s.ps, b, limits); got != s.want {
			t.Errorf("psFor(%d Ps, %+v): %d, want %d", s.ps, b, got, s.want)
		}
	}
}

// TestSecondPLeftAlone: GOMAXPROCS set in the environment, or a server
// that already has two Ps or more, is not changed (secondPWhileBehind
// returns at once).
func TestSecondPLeftAlone(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	p := New(Config{URL: "file:///replica"})
	never := make(chan struct{})

	t.Setenv("GOMAXPROCS", "1")
	runtime.GOMAXPROCS(1)
	p.secondPWhileBehind(nil, never)
	if got := runtime.GOMAXPROCS(0); got != 1 {
		t.Errorf("GOMAXPROCS %d, want the environment's 1", got)
	}

	t.Setenv("GOMAXPROCS", "")
	runtime.GOMAXPROCS(3)
	p.secondPWhileBehind(nil, never)
	if got := runtime.GOMAXPROCS(0); got != 3 {
		t.Errorf("GOMAXPROCS %d, want 3 kept", got)
	}
}

// waitFor polls done until it holds, for 20 s at most.
func waitFor(t *testing.T, what string, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 20 s for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
