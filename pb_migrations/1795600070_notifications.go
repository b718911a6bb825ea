package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Notifications (issue 16): a cheer on my todo or diary, a new follower, a
// new friend, written by the server only (hooks/notifications.go). The
// recipient alone lists, views and deletes them and may change nothing but
// `read` (the hook refuses any other field); no rule lets a client create
// one. Each relation cascades: a deleted user, todo or diary takes its
// notifications along.
func init() {
	const recipient = `user = @request.auth.id`

	m.Register(func(app core.App) error {
		ids := map[string]string{}
		for _, name := range []string{"users", "todos", "diaries"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return fmt.Errorf("notifications: %w", err)
			}
			ids[name] = c.Id
		}

		notifications := core.NewBaseCollection("notifications")
		notifications.ListRule = types.Pointer(recipient)
		notifications.ViewRule = types.Pointer(recipient)
		notifications.CreateRule = nil
		notifications.UpdateRule = types.Pointer(recipient)
		notifications.DeleteRule = types.Pointer(recipient)
		notifications.Fields.Add(
			&core.RelationField{Name: "user", CollectionId: ids["users"], Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.SelectField{Name: "kind", Required: true, MaxSelect: 1, Values: []string{"cheer", "follow", "friend"}},
			&core.RelationField{Name: "actor", CollectionId: ids["users"], Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "todo", CollectionId: ids["todos"], MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "diary", CollectionId: ids["diaries"], MaxSelect: 1, CascadeDelete: true},
			&core.TextField{Name: "emoji", Max: 64},
			&core.BoolField{Name: "read"},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		// the recipient's list, newest first, and its unread count
		notifications.AddIndex("idx_notifications_user_created", false, "user, created", "")
		notifications.AddIndex("idx_notifications_user_read", false, "user, read", "")
		// what an un-cheer or an unfollow deletes
		notifications.AddIndex("idx_notifications_actor", false, "actor", "")

		if err := app.Save(notifications); err != nil {
			return fmt.Errorf("notifications: save collection: %w", err)
		}
		return nil
	}, func(app core.App) error {
		return deleteCollection(app, "notifications")
	})
}
