package pb_migrations_test

import (
	"testing"

	"github.com/todomate/todomate/collections"
)

// 1795600080_likes_default_cheer on a data dir of the release before it: a
// like without an emoji gets the default cheer, a chosen one stays.
const likesDefaultCheerMigration = "1795600080_likes_default_cheer.go"

func TestLikesDefaultCheerMigrationUpgradesExistingData(t *testing.T) {
	app := dirBefore(t, likesDefaultCheerMigration)

	save := func(collection string, fields map[string]any) { saveOld(t, app, collection, fields) }
	const ann, ben = "userann00000000", "userben00000000"
	save("users", map[string]any{"id": ann, "username": "ann", "email": "ann@example.com"})
	save("users", map[string]any{"id": ben, "username": "ben", "email": "ben@example.com"})
	save("todos", map[string]any{"id": "todoann00000000", "user": ann, "contents": "run", "date": "2026-11-24", "audience": ann + "," + ben})
	save("likes", map[string]any{"id": "likeplain000000", "user": ben, "todo": "todoann00000000"})
	save("likes", map[string]any{"id": "likefire0000000", "user": ann, "todo": "todoann00000000", "emoji": "🔥"})

	upFrom(t, app, likesDefaultCheerMigration)

	for id, want := range map[string]string{"likeplain000000": collections.DefaultCheer, "likefire0000000": "🔥"} {
		like, err := app.FindRecordById("likes", id)
		if err != nil {
			t.Fatalf("like %s lost: %v", id, err)
		}
		if got := like.GetString("emoji"); got != want {
			t.Errorf("like %s: emoji %q, want %q", id, got, want)
		}
	}
}
