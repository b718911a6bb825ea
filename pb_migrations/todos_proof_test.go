package pb_migrations_test

import (
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

// 1795600120_todos_proof and 1795600130_alarms on data dirs made before
// them: every todo stays as it was, with no proof; the field is protected
// like diary photos; the alarms collection is there; down takes both away.
const (
	proofMigration  = "1795600120_todos_proof.go"
	alarmsMigration = "1795600130_alarms.go"
)

func TestTodosProofMigrationUpgradesExistingData(t *testing.T) {
	app := dirBefore(t, proofMigration)
	todos, err := app.FindCollectionByNameOrId("todos")
	if err != nil {
		t.Fatal(err)
	}
	if todos.Fields.GetByName("proof") != nil {
		t.Fatal("todos.proof still there after down")
	}
	if _, err := app.FindCollectionByNameOrId("alarms"); err == nil {
		t.Fatal("alarms still there after down")
	}

	saveOldTodo(t, app)
	upFrom(t, app, proofMigration)
	expectOldTodoKept(t, app)
	expectProofAndAlarms(t, app)
}

func saveOldTodo(t *testing.T, app core.App) {
	t.Helper()
	const ann = "userann00000000"
	saveOld(t, app, "users", map[string]any{"id": ann, "username": "ann", "email": "ann@example.com"})
	saveOld(t, app, "todos", map[string]any{"id": "todoann00000000", "user": ann, "contents": "run", "date": "2026-11-24", "audience": ann, "is_checked": true, "sort": 3})
}

func expectOldTodoKept(t *testing.T, app core.App) {
	t.Helper()
	todo, err := app.FindRecordById("todos", "todoann00000000")
	if err != nil {
		t.Fatalf("todo lost: %v", err)
	}
	if todo.GetString("contents") != "run" || !todo.GetBool("is_checked") || todo.GetInt("sort") != 3 || todo.GetString("proof") != "" {
		t.Errorf("todo changed: %v", todo.PublicExport())
	}
}

func expectProofAndAlarms(t *testing.T, app core.App) {
	t.Helper()
	todos, err := app.FindCollectionByNameOrId("todos")
	if err != nil {
		t.Fatal(err)
	}
	diaries, err := app.FindCollectionByNameOrId("diaries")
	if err != nil {
		t.Fatal(err)
	}
	proof, ok := todos.Fields.GetByName("proof").(*core.FileField)
	photos := diaries.Fields.GetByName("photos").(*core.FileField)
	if !ok || !proof.Protected || proof.MaxSelect != 1 || proof.MaxSize != photos.MaxSize ||
		!slices.Equal(proof.MimeTypes, photos.MimeTypes) || !slices.Equal(proof.Thumbs, photos.Thumbs) {
		t.Errorf("todos.proof is not one protected photo like a diary's: %+v", proof)
	}
	alarms, err := app.FindCollectionByNameOrId("alarms")
	if err != nil {
		t.Fatalf("no alarms collection: %v", err)
	}
	if alarms.ListRule == nil || *alarms.ListRule != `user = @request.auth.id` {
		t.Errorf("alarms list rule: %v", alarms.ListRule)
	}
}
