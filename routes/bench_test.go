//go:build unix

package routes_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/todomate/todomate/internal/apitest"
	"github.com/todomate/todomate/internal/fixture"
	"github.com/todomate/todomate/seed"
)

const (
	benchDay   = "2026-11-24"
	benchMonth = "2026-11"
	// benchViewers is how many users the requests rotate over, so that no
	// single user's rows stay hot in the page cache.
	benchViewers = 200
)

// benchViewer is one signed-in user of the benchmarks and a friend of theirs.
type benchViewer struct {
	id, token, friend string
}

// benchServer is the server a benchmark runs on.
type benchServer int

const (
	// todomateServer is todomate as served.
	todomateServer benchServer = iota
	// stockOwnerOnlyServer is stock PocketBase on todomate's collections
	// and data, its todos listed under the owner-only rule: issue 15's
	// baseline for my day.
	stockOwnerOnlyServer
)

// ownerOnlyRule lets a user list their own todos and nothing else.
const ownerOnlyRule = "user = @request.auth.id"

// newBenchServer returns the router as served on a copy of the seeded
// community (built once per test binary, rate limiter off) and the viewers
// to rotate over.
func newBenchServer(b *testing.B, server benchServer) (http.Handler, *tests.TestApp, []benchViewer) {
	b.Helper()

	newApp := fixture.NewApp
	if server == stockOwnerOnlyServer {
		newApp = fixture.NewStockApp
	}
	community := apitest.BenchCommunity()
	name := fmt.Sprintf("bench_community_%d_%g_t%d_r%d", community.Users, community.EveryoneShare, community.TodosPerUser, community.RoutinesPerUser)
	app := newApp(b, name, func(fb *fixture.Builder) {
		if _, err := seed.Run(context.Background(), fb.App(), community, nil); err != nil {
			b.Fatalf("seed: %v", err)
		}
		settings := fb.App().Settings()
		settings.RateLimits.Enabled = false
		if err := fb.App().Save(settings); err != nil {
			b.Fatalf("rate limiter off: %v", err)
		}
	})
	b.Cleanup(app.Cleanup)
	if server == stockOwnerOnlyServer {
		todos, err := app.FindCollectionByNameOrId("todos")
		if err != nil {
			b.Fatal(err)
		}
		todos.ListRule = types.Pointer(ownerOnlyRule)
		if err := app.Save(todos); err != nil {
			b.Fatalf("owner-only rule: %v", err)
		}
	}

	mux := apitest.Handler(b, app)

	users, err := app.FindRecordsByFilter("users", "", "username", benchViewers, 0)
	if err != nil {
		b.Fatal(err)
	}
	viewers := make([]benchViewer, len(users))
	for i, user := range users {
		token, err := user.NewAuthToken()
		if err != nil {
			b.Fatal(err)
		}
		viewers[i] = benchViewer{id: user.Id, token: token}
		err = app.DB().
			Select("friend").From("friendships").
			Where(dbx.HashExp{"user": user.Id}).
			AndWhere(dbx.NewExp("friend != user")). // not their self row
			OrderBy("friend").Limit(1).
			Row(&viewers[i].friend)
		if err != nil {
			b.Fatalf("friend of %s: %v", user.GetString("username"), err)
		}
	}

	return mux, app, viewers
}

// benchRoute requests url(viewer) as each viewer in turn, with the extra
// headers (name, value, ...). It reports the database queries per request
// (counted on a second round of the viewers before the clock starts) next
// to ns/op and allocs/op.
func benchRoute(b *testing.B, url func(v benchViewer) string, headers ...string) {
	benchRouteOn(b, todomateServer, url, headers...)
}

// benchRouteOn is benchRoute on the given server.
func benchRouteOn(b *testing.B, server benchServer, url func(v benchViewer) string, headers ...string) {
	mux, app, viewers := newBenchServer(b, server)

	get := func(v benchViewer) {
		req := httptest.NewRequest(http.MethodGet, url(v), nil)
		req.Header.Set("Authorization", v.token)
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", url(v), rec.Code, rec.Body)
		}
	}

	// a first round fills what is kept; the queries of a second
	// are those of every round after
	for _, v := range viewers {
		get(v)
	}
	queries := apitest.RecordQueries(app, func() {
		for _, v := range viewers {
			get(v)
		}
	})

	b.ReportAllocs()
	b.ResetTimer()
	started := apitest.CPUTime()
	n := 0
	for ; b.Loop(); n++ {
		get(viewers[n%len(viewers)])
	}
	b.ReportMetric(float64(len(queries))/float64(len(viewers)), "queries/op")
	// on a shared machine ns/op counts the time others had the CPU too;
	// the process's own CPU time per request does not
	b.ReportMetric(float64(apitest.CPUTime()-started)/float64(n), "cpu-ns/op")
}

// BenchmarkFeed reads every feed from the database: the cost of a feed
// that is not kept, or no longer good (feed_cache.go).
func BenchmarkFeed(b *testing.B) {
	benchRoute(b, func(benchViewer) string {
		return "/api/todomate/feed?date=" + benchDay
	}, "Cache-Control", "no-cache")
}

// BenchmarkFeedKept answers the same feeds again with nothing changed
// between: from the cache after the first round.
func BenchmarkFeedKept(b *testing.B) {
	benchRoute(b, func(benchViewer) string {
		return "/api/todomate/feed?date=" + benchDay
	})
}

func BenchmarkCalendarOfFriend(b *testing.B) {
	benchRoute(b, func(v benchViewer) string {
		return fmt.Sprintf("/api/todomate/users/%s/calendar?month=%s", v.friend, benchMonth)
	})
}

func BenchmarkCalendarOfSelf(b *testing.B) {
	benchRoute(b, func(v benchViewer) string {
		return fmt.Sprintf("/api/todomate/users/%s/calendar?month=%s", v.id, benchMonth)
	})
}

// BenchmarkMyDay lists the viewer's own day through the records API.
func BenchmarkMyDay(b *testing.B) {
	benchRoute(b, func(v benchViewer) string { return apitest.DayURL(v.id, benchDay) })
}

// BenchmarkMyDayStock is BenchmarkMyDay on stock PocketBase under the
// owner-only rule (issue 15: my day within 1.2x of it).
func BenchmarkMyDayStock(b *testing.B) {
	benchRouteOn(b, stockOwnerOnlyServer, func(v benchViewer) string { return apitest.DayURL(v.id, benchDay) })
}

// BenchmarkFriendDay lists a friend's day through the records API.
func BenchmarkFriendDay(b *testing.B) {
	benchRoute(b, func(v benchViewer) string { return apitest.DayURL(v.friend, benchDay) })
}

// BenchmarkUnnarrowedDay lists a day of every todo the viewer may see,
// with no user in the filter (the first page and its count).
func BenchmarkUnnarrowedDay(b *testing.B) {
	benchRoute(b, func(benchViewer) string {
		return "/api/collections/todos/records?filter=" + url.QueryEscape("date='"+benchDay+"'")
	})
}

func BenchmarkFriends(b *testing.B) {
	benchRoute(b, func(benchViewer) string {
		return "/api/todomate/friends"
	})
}
