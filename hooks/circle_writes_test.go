package hooks_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/internal/fixture"
)

// circleWrite is one kind of write to the circle world, made as the
// records API makes it (through PocketBase's models), and the user whose
// feed it changes.
type circleWrite struct {
	name   string
	viewer string
	write  func()
}

// circleWriter writes to an app through PocketBase's models, failing t on
// any error.
type circleWriter struct {
	t   testing.TB
	app core.App
}

func (w circleWriter) find(collection, id string) *core.Record {
	w.t.Helper()
	record, err := w.app.FindRecordById(collection, id)
	if err != nil {
		w.t.Fatalf("%s %s: %v", collection, id, err)
	}
	return record
}

func (w circleWriter) save(record *core.Record, fields map[string]any) {
	w.t.Helper()
	for field, value := range fields {
		record.Set(field, value)
	}
	if err := w.app.Save(record); err != nil {
		w.t.Fatalf("save %s %s: %v", record.Collection().Name, record.Id, err)
	}
}

func (w circleWriter) create(collection string, fields map[string]any) {
	w.t.Helper()
	c, err := w.app.FindCollectionByNameOrId(collection)
	if err != nil {
		w.t.Fatal(err)
	}
	w.save(core.NewRecord(c), fields)
}

func (w circleWriter) remove(collection, id string) {
	w.t.Helper()
	if err := w.app.Delete(w.find(collection, id)); err != nil {
		w.t.Fatalf("delete %s %s: %v", collection, id, err)
	}
}

func (w circleWriter) unfollow(follower, following string) {
	w.t.Helper()
	follow, err := w.app.FindFirstRecordByFilter(collections.Follows, "follower = {:a} && following = {:b}",
		map[string]any{"a": follower, "b": following})
	if err != nil {
		w.t.Fatal(err)
	}
	w.remove(collections.Follows, follow.Id)
}

// circleWrites are the kinds of write that can change what a user sees, in
// order, on one circle app: each starts from where the one before left it.
func circleWrites(t testing.TB, app core.App) []circleWrite {
	w := circleWriter{t, app}
	find, save, create, remove, unfollow := w.find, w.save, w.create, w.remove, w.unfollow

	return []circleWrite{
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
}
