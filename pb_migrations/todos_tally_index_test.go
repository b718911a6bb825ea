package pb_migrations_test

import (
	"slices"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// 1795600160_todos_tally_index on a data dir of the release before it:
// every todo stays as it was, and the (user, date, sort) index now carries
// the goal and the check; down puts the narrower index back.
const tallyIndexMigration = "1795600160_todos_tally_index.go"

func TestTodosTallyIndexMigrationUpgradesExistingData(t *testing.T) {
	app := openDir(t, t.TempDir())
	appMigrationsUp(t, app)
	runner := core.NewMigrationsRunner(app, core.AppMigrations)
	if _, err := runner.Down(migrationsSince(tallyIndexMigration)); err != nil {
		t.Fatalf("down to before the tally index: %v", err)
	}
	expectTodosIndex(t, app, "idx_todos_user_date_sort", "user", "date", "sort")
	expectNoTodosIndex(t, app, "idx_todos_user_date_sort_goal_checked")

	saveOldTodo(t, app)
	if applied := appMigrationsUp(t, app); len(applied) != migrationsSince(tallyIndexMigration) || applied[0] != tallyIndexMigration {
		t.Fatalf("applied %v, want the tally index and the migrations after it", applied)
	}
	expectOldTodoKept(t, app)
	expectTodosIndex(t, app, "idx_todos_user_date_sort_goal_checked", "user", "date", "sort", "goal", "is_checked")
	expectNoTodosIndex(t, app, "idx_todos_user_date_sort")

	if _, err := runner.Down(migrationsSince(tallyIndexMigration)); err != nil {
		t.Fatalf("down again: %v", err)
	}
	expectTodosIndex(t, app, "idx_todos_user_date_sort", "user", "date", "sort")
	expectOldTodoKept(t, app)
}

// expectTodosIndex: todos have the index name over columns, in order.
func expectTodosIndex(t *testing.T, app core.App, name string, columns ...string) {
	t.Helper()
	var got []string
	if err := app.DB().NewQuery("SELECT i.name FROM sqlite_master m, pragma_index_info(m.name) i " +
		"WHERE m.type = 'index' AND m.tbl_name = 'todos' AND m.name = {:name} ORDER BY i.seqno").
		Bind(dbx.Params{"name": name}).Column(&got); err != nil {
		t.Fatalf("index %s: %v", name, err)
	}
	if !slices.Equal(got, columns) {
		t.Errorf("index %s of todos is over %v, want %v", name, got, columns)
	}
}

func expectNoTodosIndex(t *testing.T, app core.App, name string) {
	t.Helper()
	var n int
	if err := app.DB().NewQuery("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = {:name}").
		Bind(dbx.Params{"name": name}).Row(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("index %s still there", name)
	}
}
