package hooks_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/internal/fixture"
)

// feedAs is the feed of the day as username: its status and body, and the
// number of database queries it took (the auth record's lookup included).
func feedAs(t testing.TB, app *tests.TestApp, handler http.Handler, username string, headers ...string) (string, int) {
	t.Helper()

	token := fixture.Token(t, app, username)
	var body string
	queries := recordQueries(app, func() {
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
	app := newCircleApp(t)
	defer app.Cleanup()
	handler := routesHandler(t, app)

	find := func(collection, id string) *core.Record {
		t.Helper()
		record, err := app.FindRecordById(collection, id)
		if err != nil {
			t.Fatalf("%s %s: %v", collection, id, err)
		}
		return record
	}
	save := func(record *core.Record, fields map[string]any) {
		t.Helper()
		for field, value := range fields {
			record.Set(field, value)
		}
		if err := app.Save(record); err != nil {
			t.Fatalf("save %s %s: %v", record.Collection().Name, record.Id, err)
		}
	}
	create := func(collection string, fields map[string]any) {
		t.Helper()
		c, err := app.FindCollectionByNameOrId(collection)
		if err != nil {
			t.Fatal(err)
		}
		save(core.NewRecord(c), fields)
	}
	remove := func(collection, id string) {
		t.Helper()
		if err := app.Delete(find(collection, id)); err != nil {
			t.Fatalf("delete %s %s: %v", collection, id, err)
		}
	}
	unfollow := func(follower, following string) {
		t.Helper()
		follow, err := app.FindFirstRecordByFilter(collections.Follows, "follower = {:a} && following = {:b}",
			map[string]any{"a": follower, "b": following})
		if err != nil {
			t.Fatal(err)
		}
		remove(collections.Follows, follow.Id)
	}

	// in order, on one world: each starts from where the one before left it
	writes := []struct {
		name   string
		viewer string
		write  func()
	}{
		{"a friend adds a todo", "vic", func() {
			create(collections.Todos, map[string]any{"user": circleZoeId, "contents": "zoe new todo", "date": fixture.Day})
		}},
		{"a friend edits a todo", "vic", func() {
			save(find(collections.Todos, circleTodoAmyId), map[string]any{"contents": "amy runs 10k"})
		}},
		{"a friend checks a todo", "vic", func() {
			save(find(collections.Todos, circleTodoMaxFirstId), map[string]any{"is_checked": true})
		}},
		{"a friend deletes a todo", "vic", func() { remove(collections.Todos, circleTodoMaxLaterId) }},
		{"a friend renames a goal", "vic", func() {
			save(find(collections.Goals, circleGoalRunId), map[string]any{"title": "run far", "color": "#00ff00"})
		}},
		{"a friend's goal turns private", "vic", func() {
			save(find(collections.Goals, circleGoalRunId), map[string]any{"private": true})
		}},
		{"and public again", "vic", func() {
			save(find(collections.Goals, circleGoalRunId), map[string]any{"private": false})
		}},
		{"a friend's secret goal turns public", "vic", func() {
			save(find(collections.Goals, circleGoalSecretId), map[string]any{"private": false})
		}},
		{"a friend deletes a goal with its todos", "vic", func() { remove(collections.Goals, circleGoalSecretId) }},
		{"a friend writes a diary", "vic", func() {
			create(collections.Diaries, map[string]any{"user": circleNedId, "date": fixture.Day, "emoji": "🎉", "content": "ned is back"})
		}},
		{"a friend's diary turns public", "vic", func() {
			save(find(collections.Diaries, circleDiaryKimId), map[string]any{"private": false})
		}},
		{"a friend's diary turns private", "vic", func() {
			save(find(collections.Diaries, circleDiaryAmyId), map[string]any{"private": true})
		}},
		{"a friend deletes a diary", "vic", func() { remove(collections.Diaries, circleDiaryZoeId) }},
		{"the viewer cheers a todo", "vic", func() {
			create(collections.Likes, map[string]any{"user": circleVicId, "todo": circleTodoMaxFirstId})
		}},
		{"another friend cheers a todo", "amy", func() {
			create(collections.Likes, map[string]any{"user": circleZoeId, "todo": circleTodoMaxLastId})
		}},
		{"a cheer is taken back", "vic", func() { remove(collections.Likes, "likecvicamytodo") }},
		{"a friend renames themself", "vic", func() {
			save(find(collections.Users, circleAmyId), map[string]any{"username": "amelia", "name": "Amelia"})
		}},
		{"a friend unfollows the viewer", "vic", func() { unfollow(circleMaxId, circleVicId) }},
		{"the viewer unfollows a friend", "amy", func() { unfollow(circleAmyId, circleZoeId) }},
		{"a follow becomes mutual", "vic", func() {
			create(collections.Follows, map[string]any{"follower": circleVicId, "following": circleOliId})
		}},
		{"a friend leaves", "vic", func() { remove(collections.Users, circleKimId) }},
	}

	for _, w := range writes {
		t.Run(w.name, func(t *testing.T) {
			before, _ := feedAs(t, app, handler, w.viewer)
			again, queries := feedAs(t, app, handler, w.viewer)
			if again != before || queries != 1 {
				t.Fatalf("a second request read %d queries (want the auth lookup only) or answered differently", queries)
			}

			w.write()

			kept, _ := feedAs(t, app, handler, w.viewer)
			fresh, _ := feedAs(t, app, handler, w.viewer, "Cache-Control", "no-cache")
			if kept != fresh {
				t.Fatalf("the kept feed is stale after the write:\n  kept  %s\n  fresh %s", kept, fresh)
			}
			if fresh == before {
				t.Fatalf("the write changed nothing in %s's feed: the case tests nothing", w.viewer)
			}
		})
	}
}

// TestFeedCacheUnderConcurrentWrites: readers fill the cache while a writer
// turns a friend's goal private and public; once the writer is done, what
// is kept is what the database says.
func TestFeedCacheUnderConcurrentWrites(t *testing.T) {
	app := newCircleApp(t)
	defer app.Cleanup()
	handler := routesHandler(t, app)

	goal, err := app.FindRecordById(collections.Goals, circleGoalRunId)
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
	if strings.Contains(fresh, circleTodoAmyId) {
		t.Fatal("the todo under the private goal is in the feed")
	}
}
