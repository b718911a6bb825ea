package pb_migrations_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

// 1795600140_goals_ended on a data dir of the release before it: every
// goal stays as it was and is not ended; down takes the field away again.
const goalsEndedMigration = "1795600140_goals_ended.go"

func TestGoalsEndedMigrationUpgradesExistingData(t *testing.T) {
	app := dirBefore(t, goalsEndedMigration)
	expectGoalsEndedField(t, app, false)

	const ann = "userann00000000"
	saveOld(t, app, "users", map[string]any{"id": ann, "username": "ann", "email": "ann@example.com"})
	saveOld(t, app, "goals", map[string]any{"id": "goalannrun00000", "user": ann, "title": "run", "color": "#ff0000", "audience": ann})

	upFrom(t, app, goalsEndedMigration)
	expectGoalsEndedField(t, app, true)
	goal, err := app.FindRecordById("goals", "goalannrun00000")
	if err != nil {
		t.Fatalf("goal lost: %v", err)
	}
	if goal.GetString("title") != "run" || goal.GetString("color") != "#ff0000" || goal.GetBool("ended") {
		t.Errorf("goal changed or ended: %v", goal.PublicExport())
	}

	downBefore(t, app, goalsEndedMigration)
	expectGoalsEndedField(t, app, false)
	if _, err := app.FindRecordById("goals", "goalannrun00000"); err != nil {
		t.Errorf("goal lost by down: %v", err)
	}
}

func expectGoalsEndedField(t *testing.T, app core.App, want bool) {
	t.Helper()
	goals, err := app.FindCollectionByNameOrId("goals")
	if err != nil {
		t.Fatal(err)
	}
	if got := goals.Fields.GetByName("ended") != nil; got != want {
		t.Errorf("goals.ended there: %v, want %v", got, want)
	}
}
