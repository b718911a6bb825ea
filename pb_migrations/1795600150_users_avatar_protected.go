package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Avatars become protected files, like diary photos and proofs: a file URL
// needs a file token of a user whom the users view rule lets see the
// avatar's owner. Public, an avatar stayed in reach of whoever knew its
// name, through a block (a blocked user who had seen it) and signed out.
// The stored files and names stay; only their URLs now need a token.
func init() {
	m.Register(func(app core.App) error {
		return setAvatarProtected(app, true)
	}, func(app core.App) error {
		return setAvatarProtected(app, false)
	})
}

func setAvatarProtected(app core.App, protected bool) error {
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return fmt.Errorf("users avatar protected=%t: %w", protected, err)
	}
	avatar, ok := users.Fields.GetByName("avatar").(*core.FileField)
	if !ok {
		return fmt.Errorf("users avatar protected=%t: users has no avatar file field", protected)
	}
	avatar.Protected = protected
	if err := app.Save(users); err != nil {
		return fmt.Errorf("users avatar protected=%t: save collection: %w", protected, err)
	}
	return nil
}
