package pb_migrations_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// 1795600040_audiences on a data dir that todomate used before it: the
// records already there get their audiences, nothing is lost, rules an
// admin changed stay, and down gives the old rules back.
func TestAudiencesMigrationUpgradesExistingData(t *testing.T) {
	app := dirBefore(t, audiencesMigration)
	todos, err := app.FindCollectionByNameOrId("todos")
	if err != nil || todos.Fields.GetByName("audience") != nil {
		t.Fatalf("todos before audiences: %v, audience field %v", err, todos.Fields.GetByName("audience"))
	}
	oldTodosRule := *todos.ListRule

	// todomate's data as it was (written without hooks, so friendships
	// by hand): ann and ben are friends, cat is nobody's
	save := func(collection string, fields map[string]any) { saveOld(t, app, collection, fields) }
	const ann, ben, cat = "userann00000000", "userben00000000", "usercat00000000"
	for id, username := range map[string]string{ann: "ann", ben: "ben", cat: "cat"} {
		save("users", map[string]any{"id": id, "username": username, "email": username + "@example.com"})
	}
	save("friendships", map[string]any{"user": ann, "friend": ben})
	save("friendships", map[string]any{"user": ben, "friend": ann})
	save("goals", map[string]any{"id": "goalannpublic00", "user": ann, "title": "public"})
	save("goals", map[string]any{"id": "goalannprivate0", "user": ann, "title": "private", "private": true})
	save("todos", map[string]any{"id": "todoannplain000", "user": ann, "contents": "plain", "date": "2026-11-24"})
	save("todos", map[string]any{"id": "todoannpublic00", "user": ann, "contents": "public", "date": "2026-11-24", "goal": "goalannpublic00"})
	save("todos", map[string]any{"id": "todoannprivate0", "user": ann, "contents": "private", "date": "2026-11-24", "goal": "goalannprivate0"})
	save("todos", map[string]any{"id": "todoben00000000", "user": ben, "contents": "ben's", "date": "2026-11-24"})
	save("todos", map[string]any{"id": "todocat00000000", "user": cat, "contents": "cat's", "date": "2026-11-24"})
	save("diaries", map[string]any{"id": "diaryannpublic0", "user": ann, "date": "2026-11-24", "emoji": "🔥"})
	save("diaries", map[string]any{"id": "diaryannprivate", "user": ann, "date": "2026-11-25", "emoji": "🤫", "private": true})

	// an admin's own list rule for diaries
	diaries, err := app.FindCollectionByNameOrId("diaries")
	if err != nil {
		t.Fatal(err)
	}
	adminRule := `user = @request.auth.id`
	diaries.ListRule = types.Pointer(adminRule)
	if err := app.Save(diaries); err != nil {
		t.Fatal(err)
	}

	upFrom(t, app, audiencesMigration)

	annAndBen := ann + "," + ben
	want := map[string]map[string]string{
		"goals":   {"goalannpublic00": annAndBen, "goalannprivate0": ann},
		"todos":   {"todoannplain000": annAndBen, "todoannpublic00": annAndBen, "todoannprivate0": ann, "todoben00000000": annAndBen, "todocat00000000": cat},
		"diaries": {"diaryannpublic0": annAndBen, "diaryannprivate": ann},
	}
	for collection, audiences := range want {
		var total int
		if err := app.DB().Select("count(*)").From(collection).Row(&total); err != nil || total != len(audiences) {
			t.Errorf("%s: %d records after the migration (%v), want %d", collection, total, err, len(audiences))
		}
		for id, audience := range audiences {
			record, err := app.FindRecordById(collection, id)
			if err != nil {
				t.Errorf("%s %s lost: %v", collection, id, err)
				continue
			}
			if got := record.GetString("audience"); got != audience {
				t.Errorf("%s %s: audience %q, want %q", collection, id, got, audience)
			}
		}
	}

	todos, _ = app.FindCollectionByNameOrId("todos")
	if *todos.ListRule == oldTodosRule || *todos.ViewRule == oldTodosRule {
		t.Errorf("todos rules not replaced: %q / %q", *todos.ListRule, *todos.ViewRule)
	}
	diaries, _ = app.FindCollectionByNameOrId("diaries")
	if *diaries.ListRule != adminRule {
		t.Errorf("the admin's diaries list rule replaced by %q", *diaries.ListRule)
	}
	if *diaries.ViewRule != *todos.ListRule {
		t.Errorf("diaries view rule %q, want the audience rule", *diaries.ViewRule)
	}

	downBefore(t, app, audiencesMigration)
	todos, _ = app.FindCollectionByNameOrId("todos")
	if *todos.ListRule != oldTodosRule || todos.Fields.GetByName("audience") != nil {
		t.Errorf("down left todos with rule %q and audience field %v", *todos.ListRule, todos.Fields.GetByName("audience"))
	}
	diaries, _ = app.FindCollectionByNameOrId("diaries")
	if *diaries.ListRule != adminRule {
		t.Errorf("down replaced the admin's diaries list rule with %q", *diaries.ListRule)
	}
}

// A users id of another shape (an admin loosened the id field) stops the
// migration, with the ids named, and leaves the data as it was.
func TestAudiencesMigrationStopsOnOddUserIds(t *testing.T) {
	app := dirBefore(t, audiencesMigration)

	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		t.Fatal(err)
	}
	idField := users.Fields.GetByName("id").(*core.TextField)
	idField.Min = 3
	if err := app.Save(users); err != nil {
		t.Fatal(err)
	}
	odd := core.NewRecord(users)
	odd.Load(map[string]any{"id": "bob", "username": "bob", "email": "bob@example.com"})
	odd.SetPassword(oldPassword)
	if err := app.Save(odd); err != nil {
		t.Fatal(err)
	}

	_, err = core.NewMigrationsRunner(app, core.AppMigrations).Up()
	if err == nil || !strings.Contains(err.Error(), "[bob]") {
		t.Fatalf("up: %v, want the odd id named", err)
	}
	todos, err := app.FindCollectionByNameOrId("todos")
	if err != nil || todos.Fields.GetByName("audience") != nil {
		t.Fatalf("todos after the stopped migration: %v, audience field %v", err, todos.Fields.GetByName("audience"))
	}
	if _, err := app.FindRecordById("users", "bob"); err != nil {
		t.Errorf("user bob lost: %v", err)
	}
}

const audiencesMigration = "1795600040_audiences.go"
