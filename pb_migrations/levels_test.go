package pb_migrations_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// 1795600050_visibility_levels_and_blocks on a data dir of the release
// before it: private goals and diaries become "me", the others "friends",
// audiences and everything else stay, the blocks collection and the users'
// block lists appear, a rule an admin changed stays, and down gives the
// previous schema back.
func TestLevelsMigrationUpgradesExistingData(t *testing.T) {
	// the levels migration and the todos' level after it
	migrationsSinceLevels := migrationsSince("1795600050_visibility_levels_and_blocks.go")

	app := openDir(t, t.TempDir())
	appMigrationsUp(t, app)
	if _, err := core.NewMigrationsRunner(app, core.AppMigrations).Down(migrationsSinceLevels); err != nil {
		t.Fatalf("down to before levels: %v", err)
	}

	save := func(collection string, fields map[string]any) { saveOld(t, app, collection, fields) }
	const ann, ben = "userann00000000", "userben00000000"
	save("users", map[string]any{"id": ann, "username": "ann", "email": "ann@example.com"})
	save("users", map[string]any{"id": ben, "username": "ben", "email": "ben@example.com"})
	circle := ann + "," + ben
	save("goals", map[string]any{"id": "goalannpublic00", "user": ann, "title": "public", "audience": circle})
	save("goals", map[string]any{"id": "goalannprivate0", "user": ann, "title": "private", "private": true, "audience": ann})
	save("diaries", map[string]any{"id": "diaryannpublic0", "user": ann, "date": "2026-11-24", "emoji": "🔥", "audience": circle})
	save("diaries", map[string]any{"id": "diaryannprivate", "user": ann, "date": "2026-11-25", "emoji": "🤫", "private": true, "audience": ann})

	follows, err := app.FindCollectionByNameOrId("follows")
	if err != nil {
		t.Fatal(err)
	}
	adminRule := `@request.auth.id = follower`
	follows.ListRule = types.Pointer(adminRule)
	if err := app.Save(follows); err != nil {
		t.Fatal(err)
	}

	if applied := appMigrationsUp(t, app); len(applied) != migrationsSinceLevels {
		t.Fatalf("applied %v, want the levels migration and the %d after it", applied, migrationsSinceLevels-1)
	}

	want := map[string]map[string][2]string{
		"goals":   {"goalannpublic00": {"friends", circle}, "goalannprivate0": {"me", ann}},
		"diaries": {"diaryannpublic0": {"friends", circle}, "diaryannprivate": {"me", ann}},
	}
	for collection, records := range want {
		for id, w := range records {
			record, err := app.FindRecordById(collection, id)
			if err != nil {
				t.Fatalf("%s %s lost: %v", collection, id, err)
			}
			if got := record.GetString("visibility"); got != w[0] {
				t.Errorf("%s %s: visibility %q, want %q", collection, id, got, w[0])
			}
			if got := record.GetString("audience"); got != w[1] {
				t.Errorf("%s %s: audience %q, want %q (kept)", collection, id, got, w[1])
			}
		}
	}
	if _, err := app.FindCollectionByNameOrId("blocks"); err != nil {
		t.Errorf("no blocks collection: %v", err)
	}
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"blocking", "in_block_with"} {
		if f := users.Fields.GetByName(field); f == nil || !f.GetHidden() {
			t.Errorf("users.%s missing or not hidden: %v", field, f)
		}
	}
	follows, _ = app.FindCollectionByNameOrId("follows")
	if *follows.ListRule != adminRule {
		t.Errorf("the admin's follows list rule replaced by %q", *follows.ListRule)
	}

	if _, err := core.NewMigrationsRunner(app, core.AppMigrations).Down(migrationsSinceLevels); err != nil {
		t.Fatalf("down: %v", err)
	}
	goals, _ := app.FindCollectionByNameOrId("goals")
	if goals.Fields.GetByName("visibility") != nil {
		t.Errorf("down left goals.visibility")
	}
	if _, err := app.FindCollectionByNameOrId("blocks"); err == nil {
		t.Errorf("down left the blocks collection")
	}
	if _, err := app.FindRecordById("goals", "goalannprivate0"); err != nil {
		t.Errorf("down lost a goal: %v", err)
	}
}
