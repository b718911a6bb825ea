//go:build replication

package replication_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	killRounds   = 5
	killWriters  = 16
	writeFor     = 3 * time.Second
	recoveryGoal = time.Second // a write acknowledged longer ago than this survives
	// a loss older than this is past the replication's cadence (0.6 s) and
	// one upload: the round prints the killed server's log to explain it
	explainLossOver = 800 * time.Millisecond
)

// ack is a create the server answered 200 to.
type ack struct {
	id     string
	writer int       // the index of its writer (and user)
	at     time.Time // when the answer came back
}

// roundResult is one round's figures for the table.
type roundResult struct {
	acked, lastSecond, lostLastSecond, lostOlder int
	oldestLost, newestLost                       time.Duration // their ages at the kill, when any was lost
	restoreTook                                  time.Duration
}

// Each round: 16 writers create todos as fast as the server answers, the
// server is killed with SIGKILL after 3 s of it, its data dir is deleted, and
// a server on a new dir restores from the replica. Every create acknowledged
// more than a second before the kill must be there, in a database that
// passes SQLite's integrity check.
func TestKill9UnderConcurrentWrites(t *testing.T) {
	results := make([]roundResult, 0, killRounds)
	for round := 1; round <= killRounds; round++ {
		t.Run(fmt.Sprintf("round %d", round), func(t *testing.T) {
			results = append(results, killRound(t, round))
		})
	}
	table := recoveryTable(results)
	t.Log("\n" + table)
	if suite.report != "" {
		if err := os.MkdirAll(suite.report, 0o755); err != nil {
			t.Fatalf("creating the report dir: %v", err)
		}
		path := filepath.Join(suite.report, "kill9-recovery-point.txt")
		if err := os.WriteFile(path, []byte(table), 0o644); err != nil {
			t.Fatalf("writing %s: %v", path, err)
		}
	}
}

func killRound(t *testing.T, round int) roundResult {
	env := serverEnv(newReplicaURL(fmt.Sprintf("kill9-%d", round)), true)
	dir := filepath.Join(t.TempDir(), "pb_data")
	newSuperuser(t, dir, env)
	srv := startServer(t, dir, env)
	rateLimitsOff(t, srv.base)
	users := make([]user, killWriters)
	for i := range users {
		users[i] = signUp(t, srv.base, fmt.Sprintf("writer%d", i))
	}

	acks, killedAt, err := writeUntilKilled(srv, users)
	if err != nil {
		t.Fatal(err)
	}
	if len(acks) == 0 {
		t.Fatalf("no write was acknowledged:\n%s", srv.logTail())
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatalf("deleting the data dir: %v", err)
	}

	newDir := filepath.Join(t.TempDir(), "pb_data")
	restoreStart := time.Now()
	restored := startServer(t, newDir, env)
	restoreTook := time.Since(restoreStart)
	// the restored server serves the writes, not only its file holds them
	first := acks[0]
	if status, body, err := call(context.Background(), "GET", restored.base+"/api/collections/todos/records/"+first.id, users[first.writer].token, nil); err != nil || status != 200 {
		t.Errorf("the first acknowledged todo from the restored server: status %d, %v: %s", status, err, body)
	}
	restored.stop()
	db := readDataDB(t, newDir)
	if db.integrity != "ok" {
		t.Errorf("integrity check of the restored data.db: %s", db.integrity)
	}

	result := roundResult{acked: len(acks), restoreTook: restoreTook}
	lost := 0
	for _, a := range acks {
		age := killedAt.Sub(a.at)
		lastSecond := age <= recoveryGoal
		if lastSecond {
			result.lastSecond++
		}
		if db.todoIDs[a.id] {
			continue
		}
		if lastSecond {
			result.lostLastSecond++
		} else {
			result.lostOlder++
		}
		if lost == 0 || age > result.oldestLost {
			result.oldestLost = age
		}
		if lost == 0 || age < result.newestLost {
			result.newestLost = age
		}
		lost++
	}
	if result.oldestLost > explainLossOver {
		t.Logf("round %d lost a write %s old; the killed server's log:\n%s", round, result.oldestLost.Round(time.Millisecond), srv.logTail())
	}
	if result.lostOlder > 0 {
		t.Errorf("%d todos acknowledged more than %s before the kill are not in the restored database (the oldest %s before)",
			result.lostOlder, recoveryGoal, result.oldestLost.Round(time.Millisecond))
	}
	t.Logf("round %d: %d acknowledged, %d in the last second, %d of those lost, %d older lost; restore and start %s",
		round, result.acked, result.lastSecond, result.lostLastSecond, result.lostOlder, restoreTook.Round(time.Millisecond))
	return result
}

// writeUntilKilled runs the writers against srv, kills it after writeFor, and
// returns every acknowledged create and the moment of the kill. The server
// must take every write until it dies: an answer other than 200 is an error,
// and so is a request that failed before the kill.
func writeUntilKilled(srv *server, users []user) ([]ack, time.Time, error) {
	var (
		mu       sync.Mutex
		acks     []ack
		failures []error
		wg       sync.WaitGroup
	)
	killed := make(chan struct{})
	for i, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				id, err := createTodo(context.Background(), srv.base, u.token, fmt.Sprintf("writer %d, todo %d", i, n))
				if err != nil {
					var refused *statusError
					select {
					case <-killed:
						if !errors.As(err, &refused) {
							return // the server is gone: expected
						}
					default:
					}
					mu.Lock()
					failures = append(failures, err)
					mu.Unlock()
					return
				}
				now := time.Now()
				mu.Lock()
				acks = append(acks, ack{id: id, writer: i, at: now})
				mu.Unlock()
			}
		}()
	}

	time.Sleep(writeFor) // the writing itself: how long the writers run
	// closed first: from the signal on, a request that fails is expected to
	close(killed)
	killedAt := srv.kill9()
	// bounded: the server is gone, so every request fails at once (and each
	// has the client's timeout)
	wg.Wait()

	if len(failures) > 0 {
		return nil, killedAt, fmt.Errorf("%d writes failed while the server ran, the first: %w", len(failures), failures[0])
	}
	sort.Slice(acks, func(i, j int) bool { return acks[i].at.Before(acks[j].at) })
	return acks, killedAt, nil
}

// recoveryTable is the rounds' figures, one line each.
func recoveryTable(results []roundResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "kill -9 under %d concurrent writers (%s of writes a round), S3 on loopback\n", killWriters, writeFor)
	fmt.Fprintf(&b, "%-6s %9s %14s %15s %12s %17s %17s %12s\n",
		"round", "acked", "acked last 1s", "lost of those", "lost older", "oldest lost age", "newest lost age", "restore")
	for i, r := range results {
		fmt.Fprintf(&b, "%-6d %9d %14d %15d %12d %17s %17s %12s\n", i+1, r.acked, r.lastSecond, r.lostLastSecond,
			r.lostOlder, ageText(r.oldestLost, r.lostLastSecond+r.lostOlder), ageText(r.newestLost, r.lostLastSecond+r.lostOlder),
			r.restoreTook.Round(10*time.Millisecond))
	}
	return b.String()
}

func ageText(age time.Duration, lost int) string {
	if lost == 0 {
		return "-"
	}
	// an answer read just after the signal was sent was written before it
	return max(age, 0).Round(time.Millisecond).String()
}
