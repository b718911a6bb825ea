package pb_migrations_test

import (
	"testing"
)

// 1795600110_routines on a data dir of the release before it: every todo
// stays as it was, with no routine; the routines collection is there, and
// down takes both away again.
const routinesMigration = "1795600110_routines.go"

func TestRoutinesMigrationUpgradesExistingData(t *testing.T) {
	app := dirBefore(t, routinesMigration)
	if _, err := app.FindCollectionByNameOrId("routines"); err == nil {
		t.Fatal("routines still there after down")
	}

	const ann = "userann00000000"
	saveOld(t, app, "users", map[string]any{"id": ann, "username": "ann", "email": "ann@example.com"})
	saveOld(t, app, "todos", map[string]any{"id": "todoann00000000", "user": ann, "contents": "run", "date": "2026-11-24", "audience": ann, "is_checked": true, "sort": 3})

	upFrom(t, app, routinesMigration)
	todo, err := app.FindRecordById("todos", "todoann00000000")
	if err != nil {
		t.Fatalf("todo lost: %v", err)
	}
	if todo.GetString("contents") != "run" || !todo.GetBool("is_checked") || todo.GetInt("sort") != 3 || todo.GetString("routine") != "" {
		t.Errorf("todo changed: %v", todo.PublicExport())
	}
	if _, err := app.FindCollectionByNameOrId("routines"); err != nil {
		t.Errorf("no routines collection: %v", err)
	}
}
