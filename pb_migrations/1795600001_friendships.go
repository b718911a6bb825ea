package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// friendships is derived data kept in step by hooks: two rows per mutual
// follow, (A, B) and (B, A), and one row (A, A) for every user. The API rules
// of the other collections ask it "may the auth user see this owner's
// friend-visible records" as
//
//	user.friendships_via_user.friend ?= @request.auth.id && (user = @request.auth.id || ...)
//
// The self row lets that stand as a plain AND, with no "owner or friend" OR
// around the join: SQLite turns the join into one lookup in the unique
// (user, friend) index instead of walking all the owner's friendships.
// Clients never touch it: all its rules are superuser-only, and friends are
// served by the /api/todomate/friends route.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return fmt.Errorf("friendships: %w", err)
		}

		friendships := core.NewBaseCollection("friendships")
		friendships.System = true // derived data: not for hand edits in the dashboard
		friendships.Fields.Add(
			&core.RelationField{Name: "user", CollectionId: users.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "friend", CollectionId: users.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.AutodateField{Name: "created", OnCreate: true},
		)
		friendships.AddIndex("idx_friendships_user_friend", true, "user, friend", "")
		friendships.AddIndex("idx_friendships_friend", false, "friend", "")

		if err := app.Save(friendships); err != nil {
			return fmt.Errorf("friendships: save collection: %w", err)
		}

		// users from before todomate get their self row like new ones
		if _, err := app.DB().NewQuery(`
			INSERT INTO friendships (id, user, friend, created)
			SELECT 'r' || lower(hex(randomblob(7))), id, id, strftime('%Y-%m-%d %H:%M:%fZ') FROM users
		`).Execute(); err != nil {
			return fmt.Errorf("friendships: self rows of existing users: %w", err)
		}

		return nil
	}, func(app core.App) error {
		return deleteCollection(app, "friendships")
	})
}

// deleteCollection is the down step of a migration that created a collection.
// System collections refuse a plain delete, and their validator refuses to
// unset System, hence the unlock saved without validation.
func deleteCollection(app core.App, name string) error {
	collection, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		return fmt.Errorf("delete collection %q: %w", name, err)
	}

	collection.System = false
	if err := app.SaveNoValidate(collection); err != nil {
		return fmt.Errorf("delete collection %q: unlock: %w", name, err)
	}

	if err := app.Delete(collection); err != nil {
		return fmt.Errorf("delete collection %q: %w", name, err)
	}

	return nil
}
