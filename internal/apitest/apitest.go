// Package apitest has the helpers of todomate's HTTP-level tests and
// benchmarks: the app's router as served, requests as a user, the queries a
// request sends and SQLite's plans of them.
package apitest

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/todomate/todomate/internal/fixture"
)

// RecordQueries runs fn and returns every query it sent to app's database,
// with the values inlined as dbx logs them.
func RecordQueries(app core.App, fn func()) []string {
	db, ok := app.ConcurrentDB().(*dbx.DB)
	if !ok {
		panic("RecordQueries: the app's database is not a *dbx.DB")
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

// QueryPlan is SQLite's EXPLAIN QUERY PLAN of a logged query, one line per step.
func QueryPlan(t testing.TB, app core.App, query string) []string {
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

// TableScans are the steps of a plan that read a whole table or index
// rather than searching it. Scanning the rows of a subquery, already
// narrowed by its own searches, is not one.
func TableScans(plan []string) []string {
	var scans []string
	for _, step := range plan {
		if strings.HasPrefix(step, "SCAN ") && !strings.HasPrefix(step, "SCAN (subquery") && step != "SCAN CONSTANT ROW" &&
			!ReadsEveryone(step) {
			scans = append(scans, step)
		}
	}
	return scans
}

// Handler is the router of app with todomate's routes, as served.
func Handler(t testing.TB, app *tests.TestApp) http.Handler {
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

// GetAs sends a GET with the auth token and expects a 200.
func GetAs(t testing.TB, handler http.Handler, token, url string) *httptest.ResponseRecorder {
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

// ReadsEveryone reports whether a plan's step reads an index of
// "everyone" records alone: what any viewer may see.
func ReadsEveryone(step string) bool {
	return strings.Contains(step, "_everyone_")
}

// WholeDays are the steps of a plan that search todos or diaries by date
// alone: every user's rows of the day, to be narrowed afterwards.
func WholeDays(plan []string) []string {
	var wide []string
	for _, step := range plan {
		fields := strings.Fields(step)
		if len(fields) < 2 || fields[0] != "SEARCH" {
			continue
		}
		switch fields[1] {
		case "todos", "diaries", "t", "d":
			if strings.Contains(step, "date") && !strings.Contains(step, "user=?") && !ReadsEveryone(step) {
				wide = append(wide, step)
			}
		}
	}
	return wide
}

// DayURL is the list of one user's day, as issue 2 measures it.
func DayURL(userId, day string) string {
	return "/api/collections/todos/records?filter=" + url.QueryEscape(fmt.Sprintf("user='%s' && date='%s'", userId, day))
}

func RateLimitsOff(t testing.TB, app core.App) {
	t.Helper()
	settings := app.Settings()
	settings.RateLimits.Enabled = false
	if err := app.Save(settings); err != nil {
		t.Fatalf("rate limits off: %v", err)
	}
}

// CPUTime is the CPU time (user and system) this process has used.
func CPUTime() time.Duration {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		return 0
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}

// tokens holds one auth token per world and user: every copy of a
// world's template has the same signing keys, so a token made on one copy
// is good on all of them.
var tokens sync.Map

// Auth is the Authorization header of username in the world made by
// newApp ("" for none, as an anonymous request).
func Auth(t testing.TB, newApp func(testing.TB) *tests.TestApp, world, username string) map[string]string {
	t.Helper()
	if username == "" {
		return nil
	}

	key := world + "/" + username
	if token, ok := tokens.Load(key); ok {
		return map[string]string{"Authorization": token.(string)}
	}

	app := newApp(t)
	defer app.Cleanup()
	token := fixture.Token(t, app, username)
	tokens.Store(key, token)

	return map[string]string{"Authorization": token}
}

func AsCircle(t testing.TB, username string) map[string]string {
	return Auth(t, fixture.NewCircleApp, "circle", username)
}

func AsCommunity(t testing.TB, username string) map[string]string {
	return Auth(t, func(t testing.TB) *tests.TestApp { return fixture.NewCommunityApp(t) }, "community", username)
}
