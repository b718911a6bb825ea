package pb_migrations_test

import (
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/internal/apitest"
)

// 1795600180_todos_like_count on a data dir of the release before it: each
// todo's count is its likes rows, then every later write of a like counts
// (create, delete, a like moved to another todo, a liker deleted with their
// likes); down takes the column and its triggers away and keeps the todos.
const likeCountMigration = "1795600180_todos_like_count.go"

func TestTodosLikeCountMigrationUpgradesExistingData(t *testing.T) {
	app := dirBefore(t, likeCountMigration)

	const ann, bob, cat = "userann00000000", "userbob00000000", "usercat00000000"
	const liked, other = "todoann00000000", "todoann00000001"
	saveOldTodo(t, app)
	saveOld(t, app, "todos", map[string]any{"id": other, "user": ann, "contents": "swim", "date": "2026-11-24", "audience": ann})
	saveOld(t, app, "users", map[string]any{"id": bob, "username": "bob", "email": "bob@example.com"})
	saveOld(t, app, "users", map[string]any{"id": cat, "username": "cat", "email": "cat@example.com"})
	saveOld(t, app, "likes", map[string]any{"id": "likebob00000000", "user": bob, "todo": liked, "emoji": "🔥"})
	saveOld(t, app, "likes", map[string]any{"id": "likeann00000000", "user": ann, "todo": liked, "emoji": "👏"})

	upFrom(t, app, likeCountMigration)
	expectOldTodoKept(t, app)
	expectLikeCounts(t, app, map[string]int{liked: 2, other: 0})

	saveOld(t, app, "likes", map[string]any{"id": "likecat00000000", "user": cat, "todo": liked})
	expectLikeCounts(t, app, map[string]int{liked: 3, other: 0})

	like, err := app.FindRecordById("likes", "likeann00000000")
	if err != nil {
		t.Fatal(err)
	}
	like.Set("todo", other)
	if err := app.Save(like); err != nil {
		t.Fatalf("move a like: %v", err)
	}
	expectLikeCounts(t, app, map[string]int{liked: 2, other: 1})

	if err := app.Delete(like); err != nil {
		t.Fatalf("delete a like: %v", err)
	}
	expectLikeCounts(t, app, map[string]int{liked: 2, other: 0})

	user, err := app.FindRecordById("users", cat)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Delete(user); err != nil {
		t.Fatalf("delete a liker: %v", err)
	}
	expectLikeCounts(t, app, map[string]int{liked: 1, other: 0})

	downBefore(t, app, likeCountMigration)
	expectOldTodoKept(t, app)
	var columns, triggers int
	if err := app.DB().NewQuery("SELECT count(*) FROM pragma_table_info('todos') WHERE name = {:name}").
		Bind(dbx.Params{"name": collections.TodosColumnLikeCount}).Row(&columns); err != nil {
		t.Fatal(err)
	}
	if err := app.DB().NewQuery("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'likes'").Row(&triggers); err != nil {
		t.Fatal(err)
	}
	if columns != 0 || triggers != 0 {
		t.Errorf("after down: %d like count columns and %d triggers on likes, want none", columns, triggers)
	}
}

// expectLikeCounts: each todo's stored like count.
func expectLikeCounts(t *testing.T, app core.App, want map[string]int) {
	t.Helper()
	for id, count := range want {
		if got := apitest.StoredLikeCount(t, app, id); got != count {
			t.Errorf("like count of %s is %d, want %d", id, got, count)
		}
	}
}
