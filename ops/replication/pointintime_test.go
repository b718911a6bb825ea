//go:build replication

package replication_test

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// `todomate restore --timestamp T` brings data.db back to T: a todo written
// (and replicated) before T is there, one written after is not. The restored
// dir is served without a replica URL, so that nothing is replicated further.
func TestPointInTimeRestore(t *testing.T) {
	replicaURL := newReplicaURL("point-in-time")
	env := serverEnv(replicaURL, false)
	dir := filepath.Join(t.TempDir(), "pb_data")
	newSuperuser(t, dir, env)
	srv := startServer(t, dir, env)
	ann := signUp(t, srv.base, "ann")

	before := replicationStatus(t, srv.base)
	todoA := mustCreateTodo(t, srv.base, ann.token, "A: before the point in time")
	waitReplicated(t, srv.base, before)
	pointInTime := time.Now()
	// B must be written at a later moment than T, on the clock Litestream
	// stamps its files with (this machine's): poll it past T
	waitUntil(t, pointInTime)

	before = replicationStatus(t, srv.base)
	todoB := mustCreateTodo(t, srv.base, ann.token, "B: after the point in time")
	waitReplicated(t, srv.base, before)
	srv.stop()

	newDir := filepath.Join(t.TempDir(), "pb_data")
	out := cli(t, env, "restore", "--dir", newDir, "--timestamp", pointInTime.UTC().Format(time.RFC3339Nano))
	t.Logf("todomate restore: %s", strings.TrimSpace(out))

	restored := startServer(t, newDir, serverEnv("", false))
	if status := replicationStatus(t, restored.base); status.Enabled {
		t.Errorf("the restored server replicates without a replica URL: %+v", status)
	}
	token := signIn(t, restored.base, "users", ann.username, userPassword)
	for _, want := range []struct {
		id, what string
		status   int
	}{
		{todoA, "A, written before the point in time", http.StatusOK},
		{todoB, "B, written after it", http.StatusNotFound},
	} {
		status, body, err := call(context.Background(), http.MethodGet, restored.base+"/api/collections/todos/records/"+want.id, token, nil)
		if err != nil {
			t.Fatal(err)
		}
		if status != want.status {
			t.Errorf("todo %s: status %d, want %d: %s", want.what, status, want.status, body)
		}
	}
}

// waitUntil returns once the clock is past at, within a second (at is now or
// just before).
func waitUntil(t *testing.T, at time.Time) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for !time.Now().After(at.Add(time.Millisecond)) {
		if time.Now().After(deadline) {
			t.Fatalf("the clock did not pass %s", at)
		}
		time.Sleep(time.Millisecond)
	}
}
