package pb_migrations_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// 1795600160_todos_tally_index on a data dir of the release before it:
// every todo stays as it was, and the (user, date, sort) index now carries
// the goal and the check; down puts the narrower index back.
const tallyIndexMigration = "1795600160_todos_tally_index.go"

func TestTodosTallyIndexMigrationUpgradesExistingData(t *testing.T) {
	app := dirBefore(t, tallyIndexMigration)
	expectIndex(t, app, "todos", "idx_todos_user_date_sort", "user", "date", "sort")
	expectNoIndex(t, app, "idx_todos_user_date_sort_goal_checked")

	saveOldTodo(t, app)
	upFrom(t, app, tallyIndexMigration)
	expectOldTodoKept(t, app)
	expectIndex(t, app, "todos", "idx_todos_user_date_sort_goal_checked", "user", "date", "sort", "goal", "is_checked")
	expectNoIndex(t, app, "idx_todos_user_date_sort")

	downBefore(t, app, tallyIndexMigration)
	expectIndex(t, app, "todos", "idx_todos_user_date_sort", "user", "date", "sort")
	expectOldTodoKept(t, app)
}

// 1795600170_goals_feed_index on a data dir of the release before it:
// every goal stays as it was, and an index carries what the feed shows of
// a goal; down drops it.
const goalsShownIndexMigration = "1795600170_goals_feed_index.go"

func TestGoalsFeedIndexMigrationUpgradesExistingData(t *testing.T) {
	app := dirBefore(t, goalsShownIndexMigration)
	expectNoIndex(t, app, "idx_goals_id_user_color_title")

	const ann, goal = "userann00000000", "goalann00000000"
	saveOld(t, app, "users", map[string]any{"id": ann, "username": "ann", "email": "ann@example.com"})
	saveOld(t, app, "goals", map[string]any{"id": goal, "user": ann, "title": "run", "color": "#ff0000", "audience": ann})
	expectGoalKept := func() {
		t.Helper()
		kept, err := app.FindRecordById("goals", goal)
		if err != nil {
			t.Fatalf("goal lost: %v", err)
		}
		if kept.GetString("title") != "run" || kept.GetString("color") != "#ff0000" || kept.GetString("user") != ann {
			t.Errorf("goal changed: %v", kept.PublicExport())
		}
	}

	upFrom(t, app, goalsShownIndexMigration)
	expectGoalKept()
	expectIndex(t, app, "goals", "idx_goals_id_user_color_title", "id", "user", "color", "title")

	downBefore(t, app, goalsShownIndexMigration)
	expectNoIndex(t, app, "idx_goals_id_user_color_title")
	expectGoalKept()
}

// 1795600190_everyone_indexes_audience on a data dir of the release before
// it: the "everyone" indexes of todos and diaries carry the audience, under
// the same names and conditions; down takes it out again.
const everyoneIndexesMigration = "1795600190_everyone_indexes_audience.go"

func TestEveryoneIndexesAudienceMigrationUpgradesExistingData(t *testing.T) {
	app := dirBefore(t, everyoneIndexesMigration)
	saveOldTodo(t, app)
	for _, table := range []string{"todos", "diaries"} {
		expectIndex(t, app, table, "idx_"+table+"_everyone_date", "visibility", "date")
	}

	upFrom(t, app, everyoneIndexesMigration)
	expectOldTodoKept(t, app)
	for _, table := range []string{"todos", "diaries"} {
		expectIndex(t, app, table, "idx_"+table+"_everyone_date", "visibility", "date", "audience")
		expectPartial(t, app, "idx_"+table+"_everyone_date", "WHERE visibility = 'everyone'")
	}

	downBefore(t, app, everyoneIndexesMigration)
	expectOldTodoKept(t, app)
	for _, table := range []string{"todos", "diaries"} {
		expectIndex(t, app, table, "idx_"+table+"_everyone_date", "visibility", "date")
		expectPartial(t, app, "idx_"+table+"_everyone_date", "WHERE visibility = 'everyone'")
	}
}

// 1795600200_todos_shared_index_feed on a data dir of the release before
// it: the (date, user, sort) index of the todos not "me" carries what the
// feed shows of a todo, under the same name and condition; down takes it
// out again. Every todo stays as it was.
const todosSharedIndexMigration = "1795600200_todos_shared_index_feed.go"

func TestTodosSharedIndexFeedMigrationUpgradesExistingData(t *testing.T) {
	app := dirBefore(t, todosSharedIndexMigration)
	saveOldTodo(t, app)
	expectIndex(t, app, "todos", "idx_todos_shared_date_user_sort", "date", "user", "sort")

	upFrom(t, app, todosSharedIndexMigration)
	expectOldTodoKept(t, app)
	expectIndex(t, app, "todos", "idx_todos_shared_date_user_sort",
		"date", "user", "sort", "goal", "is_checked", "id", "contents", "proof", "created", "_like_count", "visibility")
	expectPartial(t, app, "idx_todos_shared_date_user_sort", "WHERE visibility IS NOT 'me'")

	downBefore(t, app, todosSharedIndexMigration)
	expectOldTodoKept(t, app)
	expectIndex(t, app, "todos", "idx_todos_shared_date_user_sort", "date", "user", "sort")
	expectPartial(t, app, "idx_todos_shared_date_user_sort", "WHERE visibility IS NOT 'me'")
}

// expectPartial: the index name is partial, under where.
func expectPartial(t *testing.T, app core.App, name, where string) {
	t.Helper()
	var sql string
	if err := app.DB().NewQuery("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = {:name}").
		Bind(dbx.Params{"name": name}).Row(&sql); err != nil {
		t.Fatalf("index %s: %v", name, err)
	}
	if !strings.Contains(sql, where) {
		t.Errorf("index %s is not %s: %s", name, where, sql)
	}
}

// expectIndex: table has the index name over columns, in order.
func expectIndex(t *testing.T, app core.App, table, name string, columns ...string) {
	t.Helper()
	var got []string
	if err := app.DB().NewQuery("SELECT i.name FROM sqlite_master m, pragma_index_info(m.name) i " +
		"WHERE m.type = 'index' AND m.tbl_name = {:table} AND m.name = {:name} ORDER BY i.seqno").
		Bind(dbx.Params{"table": table, "name": name}).Column(&got); err != nil {
		t.Fatalf("index %s: %v", name, err)
	}
	if !slices.Equal(got, columns) {
		t.Errorf("index %s of %s is over %v, want %v", name, table, got, columns)
	}
}

func expectNoIndex(t *testing.T, app core.App, name string) {
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
