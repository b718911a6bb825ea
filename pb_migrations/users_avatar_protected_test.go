package pb_migrations_test

import (
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// 1795600150_users_avatar_protected on a data dir of the release before
// it: a user's stored avatar keeps its name, and only the field turns
// protected; down makes it public again.
const avatarProtectedMigration = "1795600150_users_avatar_protected.go"

func TestAvatarProtectedMigrationUpgradesExistingData(t *testing.T) {
	app := dirBefore(t, avatarProtectedMigration)
	expectAvatarProtected(t, app, false)

	const ann = "userann00000000"
	saveOld(t, app, "users", map[string]any{"id": ann, "username": "ann", "email": "ann@example.com"})
	// the name an upload left (the file itself is storage's, untouched)
	if _, err := app.DB().Update("users", dbx.Params{"avatar": "ann_0123456789.png"}, dbx.HashExp{"id": ann}).Execute(); err != nil {
		t.Fatal(err)
	}

	upFrom(t, app, avatarProtectedMigration)
	expectAvatarProtected(t, app, true)
	user, err := app.FindRecordById("users", ann)
	if err != nil {
		t.Fatalf("user lost: %v", err)
	}
	if user.GetString("avatar") != "ann_0123456789.png" || user.GetString("username") != "ann" {
		t.Errorf("user changed: %v", user.PublicExport())
	}

	downBefore(t, app, avatarProtectedMigration)
	expectAvatarProtected(t, app, false)
}

func expectAvatarProtected(t *testing.T, app core.App, want bool) {
	t.Helper()
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		t.Fatal(err)
	}
	avatar, ok := users.Fields.GetByName("avatar").(*core.FileField)
	if !ok {
		t.Fatal("users.avatar is not a file field")
	}
	if avatar.Protected != want {
		t.Errorf("users.avatar protected: %v, want %v", avatar.Protected, want)
	}
}
