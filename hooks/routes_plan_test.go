package hooks_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/internal/fixture"
)

// recordQueries runs fn and returns every query it sent to app's database,
// with the values inlined as dbx logs them.
func recordQueries(app core.App, fn func()) []string {
	db, ok := app.ConcurrentDB().(*dbx.DB)
	if !ok {
		panic("recordQueries: the app's database is not a *dbx.DB")
	}

	var queries []string
	previous := db.QueryLogFunc
	db.QueryLogFunc = func(_ context.Context, _ time.Duration, sql string, _ *sql.Rows, _ error) {
		queries = append(queries, sql)
	}
	defer func() { db.QueryLogFunc = previous }()

	fn()

	return queries
}

// queryPlan is SQLite's EXPLAIN QUERY PLAN of a logged query, one line per step.
func queryPlan(t testing.TB, app core.App, query string) []string {
	t.Helper()

	var steps []struct {
		Detail string `db:"detail"`
	}
	if err := app.DB().NewQuery("EXPLAIN QUERY PLAN " + query).All(&steps); err != nil {
		t.Fatalf("explain %s: %v", query, err)
	}

	plan := make([]string, len(steps))
	for i, step := range steps {
		plan[i] = step.Detail
	}
	return plan
}

// tableScans are the steps of a plan that read a whole table or index
// rather than searching it. Scanning the rows of a subquery, already
// narrowed by its own searches, is not one.
func tableScans(plan []string) []string {
	var scans []string
	for _, step := range plan {
		if strings.HasPrefix(step, "SCAN ") && !strings.HasPrefix(step, "SCAN (subquery") && step != "SCAN CONSTANT ROW" &&
			!readsEveryone(step) {
			scans = append(scans, step)
		}
	}
	return scans
}

// routesHandler is the router of app with todomate's routes, as served.
func routesHandler(t testing.TB, app *tests.TestApp) http.Handler {
	t.Helper()

	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	serve := &core.ServeEvent{App: app, Router: router}
	if err := app.OnServe().Trigger(serve, func(*core.ServeEvent) error { return nil }); err != nil {
		t.Fatal(err)
	}
	mux, err := router.BuildMux()
	if err != nil {
		t.Fatal(err)
	}

	return mux
}

// getAs sends a GET with the auth token and expects a 200.
func getAs(t testing.TB, handler http.Handler, token, url string) *httptest.ResponseRecorder {
	t.Helper()

	req := httptest.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", token)
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("%s: %d %s", url, rec.Code, rec.Body)
	}

	return rec
}

// Every query of the routes is an index search, and their number does not
// grow with the page: no query per friend or per todo. (Without ANALYZE
// statistics SQLite plans by the schema alone, so the plans of this small
// world are those of a big one; the README has the plans on the seeded
// benchmark community.)
func TestRoutesQueriesAreFewIndexSearches(t *testing.T) {
	cases := []struct {
		name       string
		username   string
		urls       []string // the same work at different page sizes
		maxQueries int      // the auth record's lookup included
	}{
		{"friends", "vic", []string{"/api/todomate/friends"}, 2},
		{"feed", "vic", []string{
			"/api/todomate/feed?date=" + fixture.Day + "&perPage=1",
			"/api/todomate/feed?date=" + fixture.Day + "&perPage=2",
			"/api/todomate/feed?date=" + fixture.Day + "&perPage=100",
		}, 5},
		{"calendar of a friend", "vic", []string{"/api/todomate/users/" + circleMaxId + "/calendar?month=2026-11"}, 4},
		{"own calendar", "vic", []string{"/api/todomate/users/" + circleVicId + "/calendar?month=2026-11"}, 4},
	}

	for _, c := range cases {
		for _, rules := range []string{"direct SQL", "through the rules"} {
			t.Run(c.name+"/"+rules, func(t *testing.T) {
				app := newCircleApp(t)
				if rules == "through the rules" {
					app = newRestatedCircleApp(t)
				}
				defer app.Cleanup()

				handler := routesHandler(t, app)
				token := fixture.Token(t, app, c.username)

				counts := map[int]bool{}
				for _, url := range c.urls {
					queries := recordQueries(app, func() { getAs(t, handler, token, url) })

					if len(queries) > c.maxQueries {
						t.Errorf("%s: %d queries, want at most %d:\n%s", url, len(queries), c.maxQueries, strings.Join(queries, "\n"))
					}
					counts[len(queries)] = true

					for _, query := range queries {
						plan := queryPlan(t, app, query)
						if scans := tableScans(plan); len(scans) > 0 {
							t.Errorf("%s: %v in\n%s", url, scans, query)
						}
						if wide := wholeDays(plan); len(wide) > 0 {
							t.Errorf("%s: %v (a day of everybody's) in\n%s", url, wide, query)
						}
					}
				}

				if len(counts) != 1 {
					t.Errorf("the number of queries changes with the page size: %v", counts)
				}
			})
		}
	}
}

// newRestatedCircleApp is the circle with the rules of the routes'
// collections restated (restateRules), so that the routes read through them.
// Saving a collection runs PRAGMA optimize, whose statistics of the circle's
// eight users make a scan of them the cheapest plan; the plans wanted are
// those of a community, so the template is kept without statistics.
func newRestatedCircleApp(t testing.TB) *tests.TestApp {
	return fixture.NewApp(t, "circle_restated", func(b *fixture.Builder) {
		buildCircle(b)
		for _, name := range []string{collections.Users, collections.Goals, collections.Todos, collections.Diaries, collections.Likes} {
			restateRules(t, b.App(), name)
		}
		if _, err := b.App().DB().NewQuery("DROP TABLE IF EXISTS sqlite_stat1").Execute(); err != nil {
			t.Fatal(err)
		}
	})
}

// readsEveryone reports whether a plan's step reads an index of
// "everyone" records alone: what any viewer may see.
func readsEveryone(step string) bool {
	return strings.Contains(step, "_everyone_")
}

// wholeDays are the steps of a plan that search todos or diaries by date
// alone: every user's rows of the day, to be narrowed afterwards.
func wholeDays(plan []string) []string {
	var wide []string
	for _, step := range plan {
		fields := strings.Fields(step)
		if len(fields) < 2 || fields[0] != "SEARCH" {
			continue
		}
		switch fields[1] {
		case "todos", "diaries", "t", "d":
			if strings.Contains(step, "date") && !strings.Contains(step, "user=?") && !readsEveryone(step) {
				wide = append(wide, step)
			}
		}
	}
	return wide
}
