//go:build replication

package replication_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/todomate/todomate/replication"
)

const (
	outageFor = 5 * time.Second
	// how long the replica may take to catch up once S3 is back: Litestream
	// retries failed uploads with a backoff
	catchUpTimeout = 30 * time.Second
)

// With the S3 server down, the server keeps taking writes and says it is
// behind; once S3 is back, the replica catches up, and a kill -9 then loses
// nothing.
func TestReplicaUnreachableForAWhile(t *testing.T) {
	env := serverEnv(newReplicaURL("unreachable"), true)
	dir := filepath.Join(t.TempDir(), "pb_data")
	newSuperuser(t, dir, env)
	srv := startServer(t, dir, env)
	rateLimitsOff(t, srv.base)
	bo := signUp(t, srv.base, "bo")

	before := replicationStatus(t, srv.base)
	ids := []string{mustCreateTodo(t, srv.base, bo.token, "before the outage")}
	start := waitReplicated(t, srv.base, before)

	s3Server(t, "stop")
	s3Down := true
	// whatever happens, the S3 server is up again for the other tests
	t.Cleanup(func() {
		if s3Down {
			s3Server(t, "start")
		}
	})

	outageEnd := time.Now().Add(outageFor)
	for n := 1; time.Now().Before(outageEnd); n++ {
		// one at a time: each must succeed while the replica is away
		ids = append(ids, mustCreateTodo(t, srv.base, bo.token, fmt.Sprintf("during the outage, %d", n)))
	}
	behind := waitStatus(t, srv.base, 10*time.Second, "the status saying the replica is behind", func(s replication.Status) bool {
		return s.Behind && txid(t, s.LocalTxid) > txid(t, start.LocalTxid)
	})
	t.Logf("%d todos written during a %s outage; status then: %+v", len(ids)-1, outageFor, behind)

	s3Server(t, "start")
	s3Down = false
	restartedAt := time.Now()
	caughtUp := waitStatus(t, srv.base, catchUpTimeout, "the replica catching up after the outage", func(s replication.Status) bool {
		return !s.Behind && txid(t, s.ReplicaTxid) >= txid(t, behind.LocalTxid)
	})
	t.Logf("caught up %s after S3 was back: %+v", time.Since(restartedAt).Round(time.Millisecond), caughtUp)

	srv.kill9()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatalf("deleting the data dir: %v", err)
	}
	newDir := filepath.Join(t.TempDir(), "pb_data")
	startServer(t, newDir, env).stop()
	db := readDataDB(t, newDir)
	if db.integrity != "ok" {
		t.Errorf("integrity check of the restored data.db: %s", db.integrity)
	}
	missing := 0
	for _, id := range ids {
		if !db.todoIDs[id] {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d of the %d todos are not in the restored database, though the status said the replica had caught up; the killed server's log:\n%s",
			missing, len(ids), srv.logTail())
	}
}
