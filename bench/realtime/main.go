// Command realtime is the realtime load benchmark: many SDK-style SSE
// subscribers on loopback, writers creating todos, and the count of what
// reached whom.
//
// It seeds a fresh data dir in-process (users, mutual follows and their
// friendships written directly, which the server's hooks would otherwise
// write one by one; rate limits off), starts the given binary on a free
// loopback port, connects the subscribers the way the JS SDK does (GET
// /api/realtime, PB_CONNECT's id, POST /api/realtime {clientId,
// subscriptions} with the Authorization header), writes for -duration,
// waits for the stragglers, and reports writes/s, delivery latency (from
// the write's request to the event's arrival), delivered vs expected,
// missed, leaked and the server's RSS. Every todo must reach exactly its
// writer and the writer's friends. It always stops within its time bound.
//
//	go run ./bench/realtime -bin bin/todomate
//	bench/realtime/run.sh   # before (stock PocketBase) and after, same run
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"

	"github.com/todomate/todomate/internal/sse"
	_ "github.com/todomate/todomate/pb_migrations"
)

var (
	bin         = flag.String("bin", "bin/todomate", "the todomate binary to run")
	label       = flag.String("label", "", "name of this run in the report")
	subscribers = flag.Int("subscribers", 1000, "connected subscribers, one per user")
	friends     = flag.Int("friends", 20, "friends of every user (even)")
	writers     = flag.Int("writers", 8, "concurrent writers")
	rate        = flag.Int("rate", 0, "writes per second the writers are offered; a write finding them all busy is not made (0: as fast as they go)")
	duration    = flag.Duration("duration", 60*time.Second, "how long to write")
	drain       = flag.Duration("drain", 15*time.Second, "how long to wait for late events after writing")
	topics      = flag.String("topics", "todos/*", "comma separated subscriptions of every subscriber")
)

const day = "2026-11-24"

func main() {
	flag.Parse()
	log.SetFlags(log.Ltime)

	// the whole run is bounded: setup, writing, draining, and a margin
	ctx, cancel := context.WithTimeout(context.Background(), *duration+*drain+5*time.Minute)
	defer cancel()

	raiseFileLimit()

	dir, err := os.MkdirTemp("", "todomate_realtime_bench_")
	must(err)
	defer os.RemoveAll(dir)

	users := seed(dir, *subscribers, *friends)

	port := freePort()
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	server := startServer(ctx, dir, port)
	defer stopServer(server)
	waitHealthy(ctx, base)

	rss := &rssSampler{pid: server.Process.Pid}
	rss.sample("idle")

	run := newRun(users)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 0}}

	log.Printf("connecting %d subscribers", len(users))
	sseCtx, closeSSE := context.WithCancel(ctx)
	defer closeSSE()
	connect(sseCtx, client, base, run)
	rss.sample("connected")

	log.Printf("writing for %s", *duration)
	stopSampling := rss.every(time.Second)
	written := write(ctx, client, base, run)
	stopSampling()
	rss.sample("after writing")

	deadline := time.Now().Add(*drain)
	for run.delivered.Load() < run.expected.Load() && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // late leaks and duplicates still count
	closeSSE()

	run.report(written, rss)
}

// -- seeding --------------------------------------------------------------------

type user struct {
	id      string
	token   string
	friends []int
}

// seed creates n users, each the friend of the friends/2 users on either
// side on a ring, and returns them with auth tokens.
func seed(dir string, n, friendsEach int) []*user {
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	must(app.Bootstrap())
	defer app.ClearBootstrap()
	must(app.RunAllMigrations())

	settings := app.Settings()
	settings.RateLimits.Enabled = false // one loopback IP makes all the requests
	must(app.Save(settings))

	usersCollection, err := app.FindCollectionByNameOrId("users")
	must(err)

	// one real password hash for all: hashing is not what is measured
	first := core.NewRecord(usersCollection)
	first.SetEmail("user0@example.com")
	first.SetPassword("password123")
	first.Set("username", "user0")
	must(app.Save(first))
	var hash string
	must(app.DB().Select("password").From("users").Where(dbx.HashExp{"id": first.Id}).Row(&hash))

	users := make([]*user, n)
	users[0] = &user{id: first.Id}
	for i := 1; i < n; i++ {
		users[i] = &user{id: security.RandomStringWithAlphabet(15, "abcdefghijklmnopqrstuvwxyz0123456789")}
	}

	now := time.Now().UTC().Format("2006-01-02 15:04:05.000Z")
	must(app.RunInTransaction(func(tx core.App) error {
		for i := 1; i < n; i++ {
			_, err := tx.DB().Insert("users", dbx.Params{
				"id": users[i].id, "email": fmt.Sprintf("user%d@example.com", i), "username": fmt.Sprintf("user%d", i),
				"password": hash, "tokenKey": security.RandomString(50), "verified": false, "emailVisibility": false,
				"name": "", "avatar": "", "bio": "", "created": now, "updated": now,
			}).Execute()
			if err != nil {
				return err
			}
		}

		// every user is in their own friendships, as the users hook writes
		// it (no hooks are bound here)
		for _, u := range users {
			if _, err := tx.DB().Insert("friendships", dbx.Params{
				"id":   security.RandomStringWithAlphabet(15, "abcdefghijklmnopqrstuvwxyz0123456789"),
				"user": u.id, "friend": u.id, "created": now,
			}).Execute(); err != nil {
				return err
			}
		}

		// a mutual follow is two follows and two friendships rows, as the
		// follows hooks write them
		for i := range n {
			for d := 1; d <= friendsEach/2; d++ {
				j := (i + d) % n
				users[i].friends = append(users[i].friends, j)
				users[j].friends = append(users[j].friends, i)
				for _, pair := range [][2]int{{i, j}, {j, i}} {
					a, b := users[pair[0]].id, users[pair[1]].id
					if _, err := tx.DB().Insert("follows", dbx.Params{
						"id":       security.RandomStringWithAlphabet(15, "abcdefghijklmnopqrstuvwxyz0123456789"),
						"follower": a, "following": b, "created": now, "updated": now,
					}).Execute(); err != nil {
						return err
					}
					if _, err := tx.DB().Insert("friendships", dbx.Params{
						"id":   security.RandomStringWithAlphabet(15, "abcdefghijklmnopqrstuvwxyz0123456789"),
						"user": a, "friend": b, "created": now,
					}).Execute(); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}))

	for _, u := range users {
		record, err := app.FindRecordById(usersCollection, u.id)
		must(err)
		u.token, err = record.NewAuthToken()
		must(err)
	}

	log.Printf("seeded %d users with %d friends each", n, friendsEach)
	return users
}

// -- the server -------------------------------------------------------------------

func startServer(ctx context.Context, dir string, port int) *exec.Cmd {
	cmd := exec.CommandContext(ctx, *bin, "serve", "--http", "127.0.0.1:"+strconv.Itoa(port), "--dir", dir)
	cmd.Stdout = io.Discard
	logFile, err := os.Create(filepath.Join(dir, "server.log"))
	must(err)
	cmd.Stderr = logFile
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	// the server goes with this process, however it ends
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	cmd.WaitDelay = 10 * time.Second
	must(cmd.Start())
	return cmd
}

func stopServer(cmd *exec.Cmd) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
}

func waitHealthy(ctx context.Context, base string) {
	for {
		res, err := http.Get(base + "/api/health")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-ctx.Done():
			log.Fatal("server did not start")
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// -- subscribers ------------------------------------------------------------------

// run is what was written and what arrived where.
type run struct {
	users     []*user
	mu        sync.Mutex
	writes    []writeInfo // by sequence number
	expected  atomic.Int64
	delivered atomic.Int64
	leaked    atomic.Int64
	dupes     atomic.Int64
	received  []subscriberLog
}

type writeInfo struct {
	writer int
	done   bool
}

type subscriberLog struct {
	seen      map[int]struct{}
	latencies []time.Duration
}

func newRun(users []*user) *run {
	r := &run{users: users, received: make([]subscriberLog, len(users))}
	for i := range r.received {
		r.received[i].seen = map[int]struct{}{}
	}
	return r
}

// audience is whether subscriber i may see what writer w writes.
func (r *run) audience(w, i int) bool {
	return w == i || slices.Contains(r.users[w].friends, i)
}

func connect(ctx context.Context, client *http.Client, base string, r *run) {
	subs := strings.Split(*topics, ",")
	var wg sync.WaitGroup
	sem := make(chan struct{}, 32)
	for i := range r.users {
		wg.Add(1)
		sem <- struct{}{}
		ready := make(chan error, 1)
		go subscribe(ctx, client, base, r, i, subs, ready)
		go func() {
			defer wg.Done()
			if err := <-ready; err != nil {
				log.Fatalf("subscriber %d: %v", i, err)
			}
			<-sem
		}()
	}
	wg.Wait()
}

func subscribe(ctx context.Context, client *http.Client, base string, r *run, i int, subs []string, ready chan<- error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/realtime", nil)
	req.Header.Set("Accept", "text/event-stream")
	res, err := client.Do(req)
	if err != nil {
		ready <- err
		return
	}
	defer res.Body.Close()

	subscribed := false
	// (a stream that breaks off shows in the report as missed events)
	_ = sse.Read(res.Body, func(id, name string, data []byte) {
		if name == "PB_CONNECT" {
			body, _ := json.Marshal(map[string]any{"clientId": id, "subscriptions": subs})
			post, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/realtime", bytes.NewReader(body))
			post.Header.Set("Content-Type", "application/json")
			post.Header.Set("Authorization", r.users[i].token)
			res, err := client.Do(post)
			if err == nil {
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusNoContent {
					err = fmt.Errorf("subscribe: status %d", res.StatusCode)
				}
			}
			subscribed = err == nil
			ready <- err
			return
		}

		arrived := time.Now()
		var ev struct {
			Record struct {
				Contents string `json:"contents"`
			} `json:"record"`
		}
		if json.Unmarshal(data, &ev) != nil {
			return
		}
		var seq int
		var sent int64
		if _, err := fmt.Sscanf(ev.Record.Contents, "load %d %d", &seq, &sent); err != nil {
			return
		}
		r.arrived(i, seq, arrived.Sub(time.Unix(0, sent)))
	})
	if !subscribed {
		ready <- errors.New("stream ended before PB_CONNECT")
	}
}

func (r *run) arrived(i, seq int, latency time.Duration) {
	r.mu.Lock()
	writer := r.writes[seq].writer
	log := &r.received[i]
	_, dup := log.seen[seq]
	log.seen[seq] = struct{}{}
	log.latencies = append(log.latencies, latency)
	r.mu.Unlock()

	switch {
	case dup:
		r.dupes.Add(1)
	case !r.audience(writer, i):
		r.leaked.Add(1)
	default:
		r.delivered.Add(1)
	}
}

// -- writers ----------------------------------------------------------------------

// write creates todos of random users for -duration and returns how many
// were written.
func write(ctx context.Context, client *http.Client, base string, r *run) int {
	stop := time.Now().Add(*duration)
	var written atomic.Int64

	jobs := make(chan struct{})
	var wg sync.WaitGroup
	for range *writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				if writeOne(ctx, client, base, r) {
					written.Add(1)
				}
			}
		}()
	}

	if *rate > 0 {
		ticker := time.NewTicker(time.Second / time.Duration(*rate))
		for time.Now().Before(stop) {
			<-ticker.C
			select {
			case jobs <- struct{}{}:
			default: // writers all busy: the server is behind; count it as not written
			}
		}
		ticker.Stop()
	} else {
		for time.Now().Before(stop) {
			jobs <- struct{}{}
		}
	}
	close(jobs)
	wg.Wait()

	return int(written.Load())
}

func writeOne(ctx context.Context, client *http.Client, base string, r *run) bool {
	w := rand.IntN(len(r.users))

	r.mu.Lock()
	seq := len(r.writes)
	r.writes = append(r.writes, writeInfo{writer: w})
	r.mu.Unlock()

	body, _ := json.Marshal(map[string]any{
		"contents": fmt.Sprintf("load %d %d", seq, time.Now().UnixNano()),
		"date":     day,
	})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/collections/todos/records", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", r.users[w].token)
	res, err := client.Do(req)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		log.Printf("write: status %d", res.StatusCode)
		return false
	}

	r.mu.Lock()
	r.writes[seq].done = true
	r.mu.Unlock()
	r.expected.Add(int64(1 + len(r.users[w].friends)))

	return true
}

// -- report -----------------------------------------------------------------------

func (r *run) report(written int, rss *rssSampler) {
	var latencies []time.Duration
	for _, l := range r.received {
		latencies = append(latencies, l.latencies...)
	}
	slices.Sort(latencies)
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[min(len(latencies)-1, int(float64(len(latencies))*p))]
	}

	expected := r.expected.Load()
	delivered := r.delivered.Load()
	result := map[string]any{
		"label":        *label,
		"subscribers":  len(r.users),
		"friends":      *friends,
		"writers":      *writers,
		"rate":         *rate,
		"seconds":      duration.Seconds(),
		"writes":       written,
		"writesPerSec": float64(written) / duration.Seconds(),
		"expected":     expected,
		"delivered":    delivered,
		"missed":       expected - delivered,
		"leaked":       r.leaked.Load(),
		"duplicates":   r.dupes.Load(),
		"p50ms":        float64(pct(0.50).Microseconds()) / 1000,
		"p99ms":        float64(pct(0.99).Microseconds()) / 1000,
		"maxms":        float64(pct(1).Microseconds()) / 1000,
		"rssMB":        rss.snapshot(),
	}

	fmt.Printf("\n== %s: %d subscribers (%d friends each), %d writers, rate %d, %s\n",
		*label, len(r.users), *friends, *writers, *rate, *duration)
	fmt.Printf("writes: %d (%.1f/s)\n", written, result["writesPerSec"])
	fmt.Printf("events: expected %d, delivered %d, missed %d, leaked %d, duplicates %d\n",
		expected, delivered, expected-delivered, r.leaked.Load(), r.dupes.Load())
	fmt.Printf("delivery latency: p50 %v, p99 %v, max %v\n", pct(0.50), pct(0.99), pct(1))
	fmt.Printf("server RSS MB: %v\n", rss.snapshot())
	line, _ := json.Marshal(result)
	fmt.Printf("RESULT %s\n", line)
}

// -- helpers ----------------------------------------------------------------------

type rssSampler struct {
	pid    int
	mu     sync.Mutex
	points []string
	peak   float64
}

func (s *rssSampler) read() float64 {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			kb, _ := strconv.ParseFloat(strings.Fields(line)[1], 64)
			return kb / 1024
		}
	}
	return 0
}

func (s *rssSampler) sample(name string) {
	mb := s.read()
	s.mu.Lock()
	defer s.mu.Unlock()
	if name != "" {
		s.points = append(s.points, fmt.Sprintf("%s %.0f", name, mb))
	}
	s.peak = max(s.peak, mb)
}

func (s *rssSampler) every(d time.Duration) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				s.sample("")
			}
		}
	}()
	return func() { close(done) }
}

func (s *rssSampler) snapshot() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.points, ", ") + fmt.Sprintf(", peak %.0f", s.peak)
}

func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must(err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func raiseFileLimit() {
	var limit syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &limit) == nil && limit.Cur < limit.Max {
		limit.Cur = limit.Max
		_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &limit)
	}
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
