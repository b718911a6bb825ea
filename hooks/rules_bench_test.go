package hooks_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/internal/apitest"
	"github.com/todomate/todomate/internal/fixture"
	"github.com/todomate/todomate/seed"
)

// ownerOnlyRule is issue 2's baseline: the cheapest rule there is.
const ownerOnlyRule = "user = @request.auth.id"

// ruleWorld is who and what the rule benchmarks and plan tests look at in
// a seeded community: an owner, a friend and a stranger of theirs, and the
// owner's busiest day, with a todo and a diary on it that the friend sees.
type ruleWorld struct {
	owner, friend, stranger string // usernames
	ownerId                 string
	day                     string
	todos, visibleTodos     int // the owner's on day: all, and the friend's share
	todo, diary             string
}

func newRuleWorld(t testing.TB, app core.App) ruleWorld {
	t.Helper()

	w := ruleWorld{owner: seed.Username(0)}
	one := func(sql string, params dbx.Params, dest ...any) {
		t.Helper()
		if err := app.DB().NewQuery(sql).Bind(params).Row(dest...); err != nil {
			t.Fatalf("rule world: %s: %v", sql, err)
		}
	}

	one(`SELECT id FROM users WHERE username = {:u}`, dbx.Params{"u": w.owner}, &w.ownerId)
	p := dbx.Params{"owner": w.ownerId}
	one(`SELECT u.username FROM friendships f JOIN users u ON u.id = f.friend
		WHERE f.user = {:owner} AND f.friend != f.user ORDER BY u.username LIMIT 1`, p, &w.friend)
	one(`SELECT username FROM users u WHERE u.id != {:owner}
		AND NOT EXISTS (SELECT 1 FROM follows WHERE follower = u.id AND following = {:owner})
		AND NOT EXISTS (SELECT 1 FROM follows WHERE follower = {:owner} AND following = u.id)
		ORDER BY username LIMIT 1`, p, &w.stranger)
	one(`SELECT t.date, count(*), sum(g.private IS NOT 1) FROM todos t LEFT JOIN goals g ON g.id = t.goal
		WHERE t.user = {:owner} AND EXISTS (SELECT 1 FROM diaries d WHERE d.user = t.user AND d.date = t.date AND NOT d.private)
		GROUP BY t.date ORDER BY sum(g.private IS NOT 1) DESC, t.date LIMIT 1`, p, &w.day, &w.todos, &w.visibleTodos)
	p["day"] = w.day
	one(`SELECT t.id FROM todos t LEFT JOIN goals g ON g.id = t.goal
		WHERE t.user = {:owner} AND t.date = {:day} AND g.private IS NOT 1 LIMIT 1`, p, &w.todo)
	one(`SELECT id FROM diaries WHERE user = {:owner} AND date = {:day}`, p, &w.diary)

	if w.visibleTodos == 0 || w.visibleTodos == w.todos && w.todos < 2 {
		t.Fatalf("rule world: the owner's day %s has %d todos, %d visible: too few to measure", w.day, w.todos, w.visibleTodos)
	}

	return w
}

// BenchmarkListDay lists one user's day through the real router as the
// owner, a friend and a stranger, and as the owner under the owner-only
// rule (issue 2's baseline), 64 requests at a time on the 1,000-user
// community. Target: a friend's request costs at most 1.3 times the
// owner-only one, in CPU time per request (logged at the end).
func BenchmarkListDay(b *testing.B) {
	app := fixture.NewSeededApp(b, "bench1000", fixture.Community1000)
	defer app.Cleanup()
	apitest.RateLimitsOff(b, app)

	w := newRuleWorld(b, app)
	mux := apitest.Handler(b, app)
	day := apitest.DayURL(w.ownerId, w.day)

	var nsPerOp = map[string]float64{}
	owner := listDay(b, app, mux, w.owner, day, w.todos, nsPerOp)
	friend := listDay(b, app, mux, w.friend, day, w.visibleTodos, nsPerOp)
	stranger := listDay(b, app, mux, w.stranger, day, 0, nsPerOp)

	b.Run("owner", owner)
	b.Run("stranger", stranger)

	friendToken, ownerToken := fixture.Token(b, app, w.friend), fixture.Token(b, app, w.owner)
	friendSQL := apitest.RecordQueries(app, func() { apitest.GetAs(b, mux, friendToken, day) })

	// friend and owner-only in turns, six times, each first in every other
	// turn: on a shared machine the speed of both drifts over a run, and
	// a pair run side by side, in either order, drifts the least
	runOwnerOnly := func() {
		restore := setListRule(b, app, collections.Todos, ownerOnlyRule)
		defer restore()
		b.Run("owner-only-rule", owner)
	}
	var ratios []float64
	for turn := range 6 {
		if turn%2 == 0 {
			b.Run("friend", friend)
			runOwnerOnly()
		} else {
			runOwnerOnly()
			b.Run("friend", friend)
		}
		if base := nsPerOp["owner-only-rule"]; base > 0 {
			ratios = append(ratios, nsPerOp["friend"]/base)
		}
	}
	restore := setListRule(b, app, collections.Todos, ownerOnlyRule)
	ownerOnlySQL := apitest.RecordQueries(app, func() { apitest.GetAs(b, mux, ownerToken, day) })
	restore()

	// the same two without HTTP, auth and JSON: only the SQL PocketBase
	// generates for them (the auth lookup, the page and the count), one
	// query after the other on one connection
	b.Run("sql/friend", runQueries(app, friendSQL, nsPerOp))
	b.Run("sql/owner-only-rule", runQueries(app, ownerOnlySQL, nsPerOp))

	// the target, in CPU time per request (a parent benchmark's own
	// metrics are not printed)
	if len(ratios) > 0 {
		slices.Sort(ratios)
		b.Logf("friend/owner-only = %.2f, the median of %.2f (target <= 1.3); owner/owner-only = %.2f, stranger/owner-only = %.2f",
			(ratios[(len(ratios)-1)/2]+ratios[len(ratios)/2])/2, ratios, nsPerOp["owner"]/nsPerOp["owner-only-rule"], nsPerOp["stranger"]/nsPerOp["owner-only-rule"])
	}
	if base := nsPerOp["sql/owner-only-rule"]; base > 0 && nsPerOp["sql/friend"] > 0 {
		b.Logf("SQL only: friend/owner-only = %.2f", nsPerOp["sql/friend"]/base)
	}
}

// listDay is a benchmark of GET url as username, 64 requests at a time on
// this 2-core machine (issue 2's 64 connections), that first checks the
// answer has want items. It records its CPU time per request under the
// sub-benchmark's name in nsPerOp.
func listDay(b *testing.B, app *tests.TestApp, mux http.Handler, username, url string, want int, nsPerOp map[string]float64) func(*testing.B) {
	token := fixture.Token(b, app, username)

	// An empty answer to a filtered list counts, per client IP, towards
	// PocketBase's randomized throttle against timing attacks (3 per 3s,
	// then up to 500ms of sleep). Each request comes from its own address
	// so that the stranger's numbers are the query's, not the throttle's.
	var ip atomic.Uint32

	get := func() *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, url, nil)
		req.Header.Set("Authorization", token)
		n := ip.Add(1)
		req.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:1234", n>>16&255, n>>8&255, n&255)
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		return rec
	}

	return func(b *testing.B) {
		rec := get()
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), fmt.Sprintf(`"totalItems":%d,`, want)) {
			b.Fatalf("%s as %s: %d %s, want %d items", url, username, rec.Code, rec.Body, want)
		}

		// the same start for every sub-benchmark: the connection pool
		// warmed up by one burst, the garbage of the seeding collected
		var warm sync.WaitGroup
		for range 64 {
			warm.Go(func() { get() })
		}
		warm.Wait()
		runtime.GC()

		b.ReportAllocs()
		b.SetParallelism(32) // × 2 cores = 64 at a time
		cpuBefore := apitest.CPUTime()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if rec := get(); rec.Code != http.StatusOK {
					b.Errorf("%s as %s: %d", url, username, rec.Code)
				}
			}
		})

		b.StopTimer()

		// CPU time per request, of the whole process: unlike ns/op it does
		// not grow when other processes share the two cores
		cpu := float64((apitest.CPUTime() - cpuBefore).Nanoseconds()) / float64(b.N)
		b.ReportMetric(cpu, "cpu-ns/op")

		nsPerOp[subName(b)] = cpu
	}
}

// runQueries is a benchmark of running queries one after the other.
func runQueries(app core.App, queries []string, nsPerOp map[string]float64) func(*testing.B) {
	return func(b *testing.B) {
		if len(queries) != 3 {
			b.Fatalf("captured %d queries, want the auth lookup, the page and the count", len(queries))
		}
		b.ReportAllocs()
		for b.Loop() {
			for _, q := range queries {
				var rows []dbx.NullStringMap
				if err := app.DB().NewQuery(q).All(&rows); err != nil {
					b.Fatalf("%s: %v", q, err)
				}
			}
		}
		nsPerOp[subName(b)] = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	}
}

// subName is a sub-benchmark's own name, without its parent's and without
// the "#01" of a second run.
func subName(b *testing.B) string {
	name := b.Name()
	name = name[strings.Index(name, "/")+1:]
	if i := strings.LastIndex(name, "#"); i >= 0 {
		name = name[:i]
	}
	return name
}

// setListRule replaces a collection's list rule on app until restore.
func setListRule(t testing.TB, app core.App, collection, rule string) (restore func()) {
	t.Helper()

	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	original := c.ListRule
	c.ListRule = types.Pointer(rule)
	if err := app.Save(c); err != nil {
		t.Fatalf("list rule of %s: %v", collection, err)
	}

	return func() {
		c.ListRule = original
		if err := app.Save(c); err != nil {
			t.Fatalf("restore list rule of %s: %v", collection, err)
		}
	}
}

// planWorld is a seeded community big enough for every kind of record, and
// small enough for a unit test. Plans do not depend on its size: without
// ANALYZE statistics SQLite plans by the schema alone, and the test plans
// again after an ANALYZE of this data.
var planWorld = seed.Options{
	Users: 60, TodosPerUser: 30, Days: 7, EndDay: fixture.Day,
	FriendsPerUser: 6, OneWayPerUser: 2, LikesPerUser: 10, Seed: 3,
}

// TestRulePlansUseIndexes lists, as a friend, what clients list (a user's
// goals, their day of todos and diary, the likes of a todo and of a
// diary, friends' day), captures the SQL PocketBase generates with the
// list rules, and requires every step of its query plan to be an index
// search: no SCAN of a table (or whole index) and no cross join.
func TestRulePlansUseIndexes(t *testing.T) {
	app := fixture.NewSeededApp(t, "plans", planWorld)
	defer app.Cleanup()
	apitest.RateLimitsOff(t, app)

	w := newRuleWorld(t, app)
	mux := apitest.Handler(t, app)
	token := fixture.Token(t, app, w.friend)

	list := func(collection, filter string) string {
		return "/api/collections/" + collection + "/records?filter=" + url.QueryEscape(filter)
	}
	urls := []string{
		list(collections.Goals, fmt.Sprintf("user='%s'", w.ownerId)),
		apitest.DayURL(w.ownerId, w.day),
		list(collections.Todos, fmt.Sprintf("date='%s'", w.day)),
		list(collections.Diaries, fmt.Sprintf("date='%s'", w.day)),
		list(collections.Diaries, fmt.Sprintf("user='%s' && date='%s'", w.ownerId, w.day)),
		list(collections.Likes, fmt.Sprintf("todo='%s'", w.todo)),
		list(collections.Likes, fmt.Sprintf("diary='%s'", w.diary)),
		"/api/collections/todos/records/" + w.todo,
		"/api/collections/diaries/records/" + w.diary,
	}

	// badSteps lists the plan steps of the queries behind url that are not
	// index searches, and for a user's day (filter on user and date) the
	// searches of the day's table that do not use both
	badSteps := func(t *testing.T, u string) []string {
		var found []string
		oneDay := strings.Contains(u, "user%3D") && strings.Contains(u, "date%3D")
		queries := apitest.RecordQueries(app, func() { apitest.GetAs(t, mux, token, u) })
		for _, query := range queries {
			plan := apitest.QueryPlan(t, app, query)
			t.Logf("%s\n  %s\n  %s", u, query, strings.Join(plan, "\n  "))
			for _, step := range plan {
				scan := strings.Contains(step, "SCAN ") && !strings.HasPrefix(step, "SCAN (subquery") &&
					step != "SCAN CONSTANT ROW"
				partDay := oneDay && (strings.HasPrefix(step, "SEARCH todos ") || strings.HasPrefix(step, "SEARCH diaries ")) &&
					!(strings.Contains(step, "user=?") && strings.Contains(step, "date=?"))
				if scan || partDay {
					found = append(found, fmt.Sprintf("%q in the plan of %s", step, query))
				}
			}
		}
		return found
	}
	check := func(t *testing.T) {
		for _, u := range urls {
			for _, bad := range badSteps(t, u) {
				t.Errorf("%s: %s", u, bad)
			}
		}
	}

	t.Run("no statistics", check)

	if _, err := app.DB().NewQuery("ANALYZE").Execute(); err != nil {
		t.Fatal(err)
	}
	t.Run("after ANALYZE", check)

	// the check itself: without the indexes of a day, it must see the scan
	// that takes their place
	t.Run("a missing index is seen", func(t *testing.T) {
		for _, index := range []string{"idx_todos_user_date_sort_goal_checked", "idx_todos_shared_date_user_sort"} {
			if _, err := app.DB().NewQuery("DROP INDEX " + index).Execute(); err != nil {
				t.Fatal(err)
			}
		}
		if found := badSteps(t, apitest.DayURL(w.ownerId, w.day)); len(found) == 0 {
			t.Fatal("nothing reported for a day of todos without its indexes")
		}
	})
}
