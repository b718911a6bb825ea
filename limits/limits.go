// Package limits is what bounds a todomate server's memory, each a setting
// a deployer can change by environment (docs/operations.md, "Memory"):
//
//	TODOMATE_DB_CONNS       connections open to data.db at most (default 4)
//	TODOMATE_DB_CACHE_MB    SQLite's page cache of each, in MiB (default 4)
//	TODOMATE_DB_MMAP_MB     how much of each database SQLite reads through a
//	                        memory map, in MiB (default 0: none)
//	TODOMATE_FEED_CACHE_MB  the feed cache, in MiB (default 32; 0 turns it off)
//	TODOMATE_REALTIME_CLIENTS  realtime clients connected at once (default
//	                        1000; 0 is no bound), about 60 KiB each
//	GOMEMLIMIT              Go's own soft limit of the Go runtime's memory
//	                        (default here 128MiB)
//
// PocketBase opens up to 120 connections to data.db, each with a page cache
// of up to 32 MB that warms on its own: under 64 concurrent feeds the server
// grew to 800 MiB on the 1,000-user community. Requests beyond the
// connections wait for one (they would wait for the two cores anyway), and
// the page caches together stay under DBConns x DBCacheMiB. The Go heap
// left to itself grows to twice what is live before it collects; under
// load with 1,000 realtime subscribers that took the server to 245 MiB,
// and a soft limit makes the collector run sooner instead.
package limits

import (
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/core"
)

// Limits are a server's memory bounds.
type Limits struct {
	DBConns    int
	DBCacheMiB int
	// DBMmapMiB is SQLite's mmap_size, in MiB (0: off). A page that is not
	// in a connection's cache is then read through the map, from the
	// kernel's page cache, instead of by a pread and a copy: the feed's
	// todos statement took 474 µs instead of 850 at 10,000 users with 4 MiB
	// caches (bench/README.md). Off by default: the mapped pages count in
	// the server's RSS (as file pages the kernel can drop) and the memory
	// figures of docs/operations.md are without it; and a LiteFS node keeps
	// it off (main.go), as FUSE does not keep a map in step with writes
	// made below it.
	DBMmapMiB    int
	FeedCacheMiB int
	// RealtimeClients bounds the connected realtime clients (0: no bound).
	RealtimeClients int
	// GoMemoryMiB is the Go runtime's soft memory limit, or 0 where
	// GOMEMLIMIT sets it (the runtime reads that variable itself).
	GoMemoryMiB int
}

// Defaults are the limits of a server given none: the 512 MB VM of
// fly.toml with room to spare at 10,000 users.
func Defaults() Limits {
	return Limits{DBConns: 4, DBCacheMiB: 4, FeedCacheMiB: 32, RealtimeClients: 1000, GoMemoryMiB: 128}
}

// FromEnv reads the limits from getenv (os.Getenv), the defaults where a
// variable is unset, and an error naming the variable where one is not a
// whole number in its range.
func FromEnv(getenv func(string) string) (Limits, error) {
	l := Defaults()
	for _, v := range []struct {
		name     string
		to       *int
		min, max int
	}{
		{"TODOMATE_DB_CONNS", &l.DBConns, 1, 1000},
		{"TODOMATE_DB_CACHE_MB", &l.DBCacheMiB, 1, 1 << 16},
		{"TODOMATE_DB_MMAP_MB", &l.DBMmapMiB, 0, 1 << 20},
		{"TODOMATE_FEED_CACHE_MB", &l.FeedCacheMiB, 0, 1 << 16},
		{"TODOMATE_REALTIME_CLIENTS", &l.RealtimeClients, 0, 1 << 20},
	} {
		raw := getenv(v.name)
		if raw == "" {
			continue
		}
		n, err := strconv.Atoi(raw)
		if err != nil || n < v.min || n > v.max {
			return l, fmt.Errorf("%s=%q: want a whole number from %d to %d", v.name, raw, v.min, v.max)
		}
		*v.to = n
	}
	if getenv("GOMEMLIMIT") != "" {
		l.GoMemoryMiB = 0
	}
	return l, nil
}

// SetGoMemoryLimit sets the Go runtime's soft memory limit to GoMemoryMiB
// (nothing when it is 0: GOMEMLIMIT's own).
func (l Limits) SetGoMemoryLimit() {
	if l.GoMemoryMiB > 0 {
		debug.SetMemoryLimit(int64(l.GoMemoryMiB) << 20)
	}
}

// FeedCacheBytes is the feed cache's bound as hooks.Config takes it.
func (l Limits) FeedCacheBytes() int { return asConfig(l.FeedCacheMiB << 20) }

// HooksRealtimeClients is the realtime clients' bound as hooks.Config
// takes it.
func (l Limits) HooksRealtimeClients() int { return asConfig(l.RealtimeClients) }

// asConfig is a bound read from the environment, where 0 is none, as
// hooks.Config and routes.Config take it, where none is negative (OrDefault).
func asConfig(bound int) int {
	if bound == 0 {
		return -1
	}
	return bound
}

// OrDefault is a bound as hooks.Config and routes.Config take one, whose
// zero value is the defaults: 0 is def, negative is none (0), anything else
// itself.
func OrDefault(bound, def int) int {
	switch {
	case bound == 0:
		return def
	case bound < 0:
		return 0
	}
	return bound
}

// PocketBaseConfig is PocketBase's configuration with these bounds on its
// database: the one every todomate server starts with (and bench's stock
// PocketBase, to measure against the same database).
func (l Limits) PocketBaseConfig() pocketbase.Config {
	return pocketbase.Config{
		DataMaxOpenConns: l.DBConns,
		DataMaxIdleConns: l.DBConns,
		DBConnect:        l.DBConnect(),
	}
}

// DBConnect opens a database as PocketBase does, with a page cache of
// DBCacheMiB per connection instead of PocketBase's 32 MB, and write
// transactions that take the write lock when they begin (_txlock=immediate;
// read-only ones stay deferred). Litestream (package replication) writes to
// data.db from connections of its own: a deferred transaction that had read
// before one of its writes could not take the lock later, and PocketBase's
// retries of the statement never succeed inside the transaction (writes
// stalled 7.35 s and some failed, ops/replication's kill -9 test).
//
// A path may carry a query of its own, pragmas a wrapper adds for one
// database (replication.DBConnect): they are kept.
func (l Limits) DBConnect() core.DBConnectFunc {
	pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=journal_size_limit(200000000)" +
		"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_pragma=temp_store(MEMORY)" +
		"&_pragma=cache_size(" + strconv.Itoa(-l.DBCacheMiB*1024) + ")&_defensive=1&_txlock=immediate"
	if l.DBMmapMiB > 0 {
		pragmas += "&_pragma=mmap_size(" + strconv.FormatInt(int64(l.DBMmapMiB)<<20, 10) + ")"
	}
	return func(dbPath string) (*dbx.DB, error) {
		separator := "?"
		if strings.Contains(dbPath, "?") {
			separator = "&"
		}
		return dbx.Open("sqlite", dbPath+separator+pragmas)
	}
}
