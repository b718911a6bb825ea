package limits_test

import (
	"runtime/debug"
	"testing"

	"github.com/todomate/todomate/limits"
)

func TestFromEnv(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(name string) string { return vars[name] }
	}

	got, err := limits.FromEnv(env(nil))
	if err != nil || got != limits.Defaults() {
		t.Fatalf("no variables: %+v, %v; want the defaults %+v", got, err, limits.Defaults())
	}

	got, err = limits.FromEnv(env(map[string]string{"TODOMATE_DB_CONNS": "2", "TODOMATE_DB_CACHE_MB": "16", "TODOMATE_DB_MMAP_MB": "1024", "TODOMATE_FEED_CACHE_MB": "0", "TODOMATE_REALTIME_CLIENTS": "0", "GOMEMLIMIT": "300MiB"}))
	if err != nil || got != (limits.Limits{DBConns: 2, DBCacheMiB: 16, DBMmapMiB: 1024, FeedCacheMiB: 0, RealtimeClients: 0, GoMemoryMiB: 0}) {
		t.Fatalf("set: %+v, %v", got, err)
	}
	if got.HooksRealtimeClients() >= 0 {
		t.Errorf("TODOMATE_REALTIME_CLIENTS=0 gives %d, want no bound (negative)", got.HooksRealtimeClients())
	}
	if got.FeedCacheBytes() >= 0 {
		t.Errorf("TODOMATE_FEED_CACHE_MB=0 gives %d bytes, want off (negative)", got.FeedCacheBytes())
	}

	for _, bad := range []map[string]string{
		{"TODOMATE_DB_CONNS": "0"},
		{"TODOMATE_DB_CONNS": "four"},
		{"TODOMATE_DB_CACHE_MB": "-1"},
		{"TODOMATE_DB_MMAP_MB": "-1"},
		{"TODOMATE_DB_MMAP_MB": "1GiB"},
		{"TODOMATE_FEED_CACHE_MB": "1.5"},
		{"TODOMATE_REALTIME_CLIENTS": "-5"},
	} {
		if _, err := limits.FromEnv(env(bad)); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}

// The connections DBConnect opens have the page cache asked for.
func TestDBConnectSetsThePageCache(t *testing.T) {
	db, err := limits.Limits{DBConns: 1, DBCacheMiB: 3}.DBConnect()(t.TempDir() + "/data.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var pages int
	if err := db.NewQuery("PRAGMA cache_size").Row(&pages); err != nil {
		t.Fatal(err)
	}
	if pages != -3*1024 {
		t.Errorf("cache_size %d, want %d (3 MiB)", pages, -3*1024)
	}
}

// The connections DBConnect opens map as much of the database as asked,
// and none by default.
func TestDBConnectSetsTheMemoryMap(t *testing.T) {
	for _, c := range []struct {
		mmapMiB int
		want    int64
	}{{0, 0}, {64, 64 << 20}} {
		db, err := limits.Limits{DBConns: 1, DBCacheMiB: 3, DBMmapMiB: c.mmapMiB}.DBConnect()(t.TempDir() + "/data.db")
		if err != nil {
			t.Fatal(err)
		}
		var size int64
		err = db.NewQuery("PRAGMA mmap_size").Row(&size)
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		if size != c.want {
			t.Errorf("DBMmapMiB %d: mmap_size %d, want %d", c.mmapMiB, size, c.want)
		}
	}
}

// SetGoMemoryLimit sets the runtime's limit, and leaves GOMEMLIMIT's alone.
func TestSetGoMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })

	limits.Limits{GoMemoryMiB: 96}.SetGoMemoryLimit()
	if got := debug.SetMemoryLimit(-1); got != 96<<20 {
		t.Errorf("limit %d, want 96 MiB", got)
	}
	limits.Limits{GoMemoryMiB: 0}.SetGoMemoryLimit()
	if got := debug.SetMemoryLimit(-1); got != 96<<20 {
		t.Errorf("GoMemoryMiB 0 changed the limit to %d", got)
	}
}

// A Config's zero bound is the default, a negative one none.
func TestOrDefault(t *testing.T) {
	for _, c := range []struct{ bound, want int }{{0, 32}, {-1, 0}, {5, 5}} {
		if got := limits.OrDefault(c.bound, 32); got != c.want {
			t.Errorf("OrDefault(%d, 32) = %d, want %d", c.bound, got, c.want)
		}
	}
}
