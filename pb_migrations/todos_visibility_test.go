package pb_migrations_test

import (
	"slices"
	"strings"
	"testing"
)

// 1795600060_todos_visibility_and_level_indexes on a data dir of the
// release before it: each todo gets its goal's level ("friends" without a
// goal), nothing else of it changes, the level indexes appear and the day
// indexes become partial; down gives the previous schema back.
// todosVisibilityMigration gives todos their level.
const todosVisibilityMigration = "1795600060_todos_visibility_and_level_indexes.go"

func TestTodosVisibilityMigrationUpgradesExistingData(t *testing.T) {
	app := dirBefore(t, todosVisibilityMigration)

	save := func(collection string, fields map[string]any) { saveOld(t, app, collection, fields) }
	const ann = "userann00000000"
	save("users", map[string]any{"id": ann, "username": "ann", "email": "ann@example.com"})
	levels := map[string]string{"goalannme000000": "me", "goalannfriends0": "friends", "goalanneveryone": "everyone"}
	want := map[string]string{"todoannnogoal00": "friends"}
	for goal, level := range levels {
		save("goals", map[string]any{"id": goal, "user": ann, "title": level, "visibility": level, "audience": ann})
		todo := "todo" + goal[4:]
		save("todos", map[string]any{"id": todo, "user": ann, "goal": goal, "contents": level, "date": "2026-11-24", "audience": ann})
		want[todo] = level
	}
	save("todos", map[string]any{"id": "todoannnogoal00", "user": ann, "contents": "no goal", "date": "2026-11-24", "audience": ann})

	upFrom(t, app, todosVisibilityMigration)

	for id, level := range want {
		todo, err := app.FindRecordById("todos", id)
		if err != nil {
			t.Fatalf("todo %s lost: %v", id, err)
		}
		if got := todo.GetString("visibility"); got != level {
			t.Errorf("todo %s: visibility %q, want %q", id, got, level)
		}
		if got := todo.GetString("audience"); got != ann {
			t.Errorf("todo %s: audience %q, want %q (kept)", id, got, ann)
		}
	}
	indexes := func(collection string) []string {
		c, err := app.FindCollectionByNameOrId(collection)
		if err != nil {
			t.Fatal(err)
		}
		return c.Indexes
	}
	has := func(collection, name, where string) bool {
		return slices.ContainsFunc(indexes(collection), func(index string) bool {
			return strings.Contains(index, "`"+name+"`") && strings.Contains(index, where)
		})
	}
	for _, index := range []struct{ collection, name, where string }{
		{"todos", "idx_todos_everyone_date", "WHERE visibility = 'everyone'"},
		{"diaries", "idx_diaries_everyone_date", "WHERE visibility = 'everyone'"},
		{"goals", "idx_goals_everyone_user", "WHERE visibility = 'everyone'"},
		{"todos", "idx_todos_shared_date_user_sort", "WHERE visibility IS NOT 'me'"},
		{"diaries", "idx_diaries_shared_date_user", "WHERE visibility IS NOT 'me'"},
	} {
		if !has(index.collection, index.name, index.where) {
			t.Errorf("%s: no %s %s in %v", index.collection, index.name, index.where, indexes(index.collection))
		}
	}
	if has("todos", "idx_todos_date_user_sort", "") {
		t.Errorf("todos: the whole-day index idx_todos_date_user_sort is still there")
	}

	downBefore(t, app, todosVisibilityMigration)
	todos, _ := app.FindCollectionByNameOrId("todos")
	if todos.Fields.GetByName("visibility") != nil {
		t.Errorf("down left todos.visibility")
	}
	if !has("todos", "idx_todos_date_user_sort", "") || has("todos", "idx_todos_everyone_date", "") {
		t.Errorf("down did not give the indexes back: %v", indexes("todos"))
	}
	if _, err := app.FindRecordById("todos", "todoannnogoal00"); err != nil {
		t.Errorf("down lost a todo: %v", err)
	}
}
