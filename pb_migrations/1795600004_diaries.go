package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return fmt.Errorf("diaries: %w", err)
		}

		diaries := core.NewBaseCollection("diaries")

		// the owner sees all their diaries; friends see the public ones (the
		// owner is in their own friendships)
		visible := `user.friendships_via_user.friend ?= @request.auth.id && (user = @request.auth.id || private = false)`
		diaries.ListRule = types.Pointer(visible)
		diaries.ViewRule = types.Pointer(visible)
		diaries.CreateRule = types.Pointer(`@request.auth.id != ""`)
		diaries.UpdateRule = types.Pointer(`user = @request.auth.id`)
		diaries.DeleteRule = types.Pointer(`user = @request.auth.id`)

		diaries.Fields.Add(
			&core.RelationField{Name: "user", CollectionId: users.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.TextField{Name: "date", Required: true, Pattern: `^\d{4}-\d{2}-\d{2}$`},
			&core.TextField{Name: "emoji", Required: true, Max: 64, Presentable: true},
			&core.TextField{Name: "content", Max: 2000},
			&core.FileField{
				Name:      "photos",
				MaxSelect: 4,
				MaxSize:   10 << 20,
				MimeTypes: []string{"image/jpeg", "image/png", "image/webp", "image/gif"},
				Thumbs:    []string{"300x300"},
				Protected: true,
			},
			&core.BoolField{Name: "private"},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		diaries.AddIndex("idx_diaries_user_date", true, "user, date", "")

		if err := app.Save(diaries); err != nil {
			return fmt.Errorf("diaries: save collection: %w", err)
		}

		return nil
	}, func(app core.App) error {
		return deleteCollection(app, "diaries")
	})
}
