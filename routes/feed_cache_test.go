package routes_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/internal/apitest"
	"github.com/todomate/todomate/internal/fixture"
)

// feedAs is the feed of the day as username: its status and body, and the
// number of database queries it took (the auth record's lookup included).
func feedAs(t testing.TB, app *tests.TestApp, handler http.Handler, username string, headers ...string) (string, int) {
	t.Helper()

	token := fixture.Token(t, app, username)
	var body string
	queries := apitest.RecordQueries(app, func() {
		req := httptest.NewRequest(http.MethodGet, "/api/todomate/feed?date="+fixture.Day, nil)
		req.Header.Set("Authorization", token)
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		body = fmt.Sprintf("%d %s", rec.Code, rec.Body)
	})

	return body, len(queries)
}

// TestFeedCacheFollowsEveryWrite: a kept feed is answered without reading
// its rows again, until a write changes something it shows. After each kind
// of write, made as the records API makes it (through PocketBase's models),
// the feed must be the one read from the database, and differ from before.
func TestFeedCacheFollowsEveryWrite(t *testing.T) {
	app := fixture.NewCircleApp(t)
	defer app.Cleanup()
	handler := apitest.Handler(t, app)

	writes := fixture.CircleWrites(t, app)

	for _, w := range writes {
		t.Run(w.Name, func(t *testing.T) {
			before, _ := feedAs(t, app, handler, w.Viewer)
			again, queries := feedAs(t, app, handler, w.Viewer)
			if again != before || queries != 1 {
				t.Fatalf("a second request read %d queries (want the auth lookup only) or answered differently", queries)
			}

			w.Write()

			kept, _ := feedAs(t, app, handler, w.Viewer)
			fresh, _ := feedAs(t, app, handler, w.Viewer, "Cache-Control", "no-cache")
			if kept != fresh {
				t.Fatalf("the kept feed is stale after the write:\n  kept  %s\n  fresh %s", kept, fresh)
			}
			if fresh == before {
				t.Fatalf("the write changed nothing in %s's feed: the case tests nothing", w.Viewer)
			}
		})
	}
}

// TestFeedCacheUnderConcurrentWrites: readers fill the cache while a writer
// turns a friend's goal private and public; once the writer is done, what
// is kept is what the database says.
func TestFeedCacheUnderConcurrentWrites(t *testing.T) {
	app := fixture.NewCircleApp(t)
	defer app.Cleanup()
	// the readers send as many requests as the writes leave time for: on a
	// slow machine, more than PocketBase's limiter lets one address send
	settings := app.Settings()
	settings.RateLimits.Enabled = false
	if err := app.Save(settings); err != nil {
		t.Fatal(err)
	}
	handler := apitest.Handler(t, app)

	goal, err := app.FindRecordById(collections.Goals, fixture.CircleGoalRunId)
	if err != nil {
		t.Fatal(err)
	}
	token := fixture.Token(t, app, "vic")
	get := func() {
		req := httptest.NewRequest(http.MethodGet, "/api/todomate/feed?date="+fixture.Day, nil)
		req.Header.Set("Authorization", token)
		handler.ServeHTTP(httptest.NewRecorder(), req)
	}

	var readers sync.WaitGroup
	done := make(chan struct{})
	for range 4 {
		readers.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
					get()
				}
			}
		})
	}
	for i := range 41 { // ends private
		goal.Set("private", i%2 == 0)
		if err := app.Save(goal); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	readers.Wait()

	kept, _ := feedAs(t, app, handler, "vic")
	fresh, _ := feedAs(t, app, handler, "vic", "Cache-Control", "no-cache")
	if kept != fresh {
		t.Fatalf("kept after the burst:\n  %s\nthe database:\n  %s", kept, fresh)
	}
	if strings.Contains(fresh, fixture.CircleTodoAmyId) {
		t.Fatal("the todo under the private goal is in the feed")
	}
}
