package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Extends PocketBase's built-in users with a public profile: a unique
// username that also logs in, a short name and bio, and an image avatar.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return fmt.Errorf("users profile: %w", err)
		}

		// Any signed-in user may find people by username; nobody anonymous.
		users.ListRule = types.Pointer(`@request.auth.id != ""`)
		users.ViewRule = types.Pointer(`@request.auth.id != ""`)
		users.CreateRule = types.Pointer("")
		users.UpdateRule = types.Pointer("id = @request.auth.id")
		users.DeleteRule = types.Pointer("id = @request.auth.id")

		users.Fields.Add(&core.TextField{
			Name:     "username",
			Required: true,
			Min:      3,
			Max:      30,
			Pattern:  `^[a-z0-9_.]{3,30}$`,
		})

		if name, ok := users.Fields.GetByName("name").(*core.TextField); ok {
			name.Max = 50
		}

		if avatar, ok := users.Fields.GetByName("avatar").(*core.FileField); ok {
			avatar.MaxSelect = 1
			avatar.MaxSize = 5 << 20
			// no svg: it can carry script
			avatar.MimeTypes = []string{"image/jpeg", "image/png", "image/webp", "image/gif"}
			avatar.Thumbs = []string{"100x100"}
		}

		users.Fields.Add(&core.TextField{Name: "bio", Max: 150})

		if password, ok := users.Fields.GetByName("password").(*core.PasswordField); ok {
			password.Min = 8
		}

		// saved before the unique index: existing users get their usernames
		// below, and until then they all share the empty one
		if err := app.Save(users); err != nil {
			return fmt.Errorf("users profile: save collection: %w", err)
		}

		// Users that existed before todomate have no username yet; give them
		// one that matches the pattern so nobody is locked out or lost.
		if _, err := app.DB().NewQuery(
			"UPDATE users SET username = 'u' || lower(id) WHERE username = ''",
		).Execute(); err != nil {
			return fmt.Errorf("users profile: backfill usernames: %w", err)
		}

		// the pattern allows lowercase only; NOCASE also keeps a future
		// looser pattern from admitting "Anna" next to "anna"
		users.AddIndex("idx_users_username", true, "username COLLATE NOCASE", "")
		users.PasswordAuth.Enabled = true
		users.PasswordAuth.IdentityFields = []string{"email", "username"}

		if err := app.Save(users); err != nil {
			return fmt.Errorf("users profile: username index: %w", err)
		}

		return nil
	}, func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return fmt.Errorf("users profile down: %w", err)
		}

		users.ListRule = types.Pointer("id = @request.auth.id")
		users.ViewRule = types.Pointer("id = @request.auth.id")
		users.PasswordAuth.IdentityFields = []string{"email"}
		users.RemoveIndex("idx_users_username")
		users.Fields.RemoveByName("username")
		users.Fields.RemoveByName("bio")

		if name, ok := users.Fields.GetByName("name").(*core.TextField); ok {
			name.Max = 255
		}

		return app.Save(users)
	})
}
