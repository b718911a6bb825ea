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
func newBenchServer(b *testing.B, server benchServer, community seed.Options) (http.Handler, *tests.TestApp, []benchViewer) {
	b.Helper()

	newApp := fixture.NewApp
	if server == stockOwnerOnlyServer {
		newApp = fixture.NewStockApp
	}
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

// benchRead is a read of the benchmarks: the URL a viewer asks for, with
// the extra headers (name, value, ...).
type benchRead struct {
	name    string
	url     func(v benchViewer) string
	headers []string
}

// get requests read as v and fails b on an answer that is not 200.
func (read benchRead) get(b *testing.B, mux http.Handler, v benchViewer) {
	req := httptest.NewRequest(http.MethodGet, read.url(v), nil)
	req.Header.Set("Authorization", v.token)
	for i := 0; i+1 < len(read.headers); i += 2 {
		req.Header.Set(read.headers[i], read.headers[i+1])
	}
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("%s: %d %s", read.url(v), rec.Code, rec.Body)
	}
}

var (
	// feedRead reads every feed from the database: the cost of a feed
	// that is not kept, or no longer good (feed_cache.go).
	feedRead = benchRead{"feed", func(benchViewer) string {
		return "/api/todomate/feed?date=" + benchDay
	}, []string{"Cache-Control", "no-cache"}}
	// feedKeptRead answers the same feeds again with nothing changed
	// between: from the cache after the first round.
	feedKeptRead = benchRead{"feed kept", func(benchViewer) string {
		return "/api/todomate/feed?date=" + benchDay
	}, nil}
	calendarOfFriendRead = benchRead{"calendar of a friend", func(v benchViewer) string {
		return fmt.Sprintf("/api/todomate/users/%s/calendar?month=%s", v.friend, benchMonth)
	}, nil}
	calendarOfSelfRead = benchRead{"own calendar", func(v benchViewer) string {
		return fmt.Sprintf("/api/todomate/users/%s/calendar?month=%s", v.id, benchMonth)
	}, nil}
	// myDayRead lists the viewer's own day through the records API.
	myDayRead = benchRead{"my day", func(v benchViewer) string { return apitest.DayURL(v.id, benchDay) }, nil}
	// friendDayRead lists a friend's day through the records API.
	friendDayRead = benchRead{"a friend's day", func(v benchViewer) string { return apitest.DayURL(v.friend, benchDay) }, nil}
	// unnarrowedDayRead lists a day of every todo the viewer may see,
	// with no user in the filter (the first page and its count).
	unnarrowedDayRead = benchRead{"unnarrowed day", func(benchViewer) string {
		return "/api/collections/todos/records?filter=" + url.QueryEscape("date='"+benchDay+"'")
	}, nil}
	friendsRead = benchRead{"friends", func(benchViewer) string { return "/api/todomate/friends" }, nil}
)

// benchRoute requests read as each viewer in turn. It reports the database
// queries per request (counted on a second round of the viewers before the
// clock starts) next to ns/op and allocs/op.
func benchRoute(b *testing.B, read benchRead) {
	benchRouteOn(b, todomateServer, read)
}

// benchRouteOn is benchRoute on the given server.
func benchRouteOn(b *testing.B, server benchServer, read benchRead) {
	mux, app, viewers := newBenchServer(b, server, apitest.BenchCommunity())

	// a first round fills what is kept; the queries of a second
	// are those of every round after
	for _, v := range viewers {
		read.get(b, mux, v)
	}
	queries := apitest.RecordQueries(app, func() {
		for _, v := range viewers {
			read.get(b, mux, v)
		}
	})

	b.ReportAllocs()
	b.ResetTimer()
	started := apitest.CPUTime()
	n := 0
	for ; b.Loop(); n++ {
		read.get(b, mux, viewers[n%len(viewers)])
	}
	b.ReportMetric(float64(len(queries))/float64(len(viewers)), "queries/op")
	// on a shared machine ns/op counts the time others had the CPU too;
	// the process's own CPU time per request does not
	b.ReportMetric(float64(apitest.CPUTime()-started)/float64(n), "cpu-ns/op")
}

func BenchmarkFeed(b *testing.B)             { benchRoute(b, feedRead) }
func BenchmarkFeedKept(b *testing.B)         { benchRoute(b, feedKeptRead) }
func BenchmarkCalendarOfFriend(b *testing.B) { benchRoute(b, calendarOfFriendRead) }
func BenchmarkCalendarOfSelf(b *testing.B)   { benchRoute(b, calendarOfSelfRead) }
func BenchmarkMyDay(b *testing.B)            { benchRoute(b, myDayRead) }

// BenchmarkMyDayStock is BenchmarkMyDay on stock PocketBase under the
// owner-only rule (issue 15: my day within 1.2x of it).
func BenchmarkMyDayStock(b *testing.B)    { benchRouteOn(b, stockOwnerOnlyServer, myDayRead) }
func BenchmarkFriendDay(b *testing.B)     { benchRoute(b, friendDayRead) }
func BenchmarkUnnarrowedDay(b *testing.B) { benchRoute(b, unnarrowedDayRead) }
func BenchmarkFriends(b *testing.B)       { benchRoute(b, friendsRead) }
