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
			return fmt.Errorf("goals: %w", err)
		}

		goals := core.NewBaseCollection("goals")

		// the owner sees all their goals; friends see the public ones (the
		// owner is in their own friendships, see the friendships migration)
		visible := `user.friendships_via_user.friend ?= @request.auth.id && (user = @request.auth.id || private = false)`
		goals.ListRule = types.Pointer(visible)
		goals.ViewRule = types.Pointer(visible)
		// the author is set and checked by the authors hook, which answers
		// with a field error where a rule could only answer "forbidden"
		goals.CreateRule = types.Pointer(`@request.auth.id != ""`)
		goals.UpdateRule = types.Pointer(`user = @request.auth.id`)
		goals.DeleteRule = types.Pointer(`user = @request.auth.id`)

		goals.Fields.Add(
			&core.RelationField{Name: "user", CollectionId: users.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.TextField{Name: "title", Required: true, Max: 50, Presentable: true},
			&core.TextField{Name: "color", Pattern: `^#[0-9a-fA-F]{6}$`},
			&core.NumberField{Name: "sort", OnlyInt: true},
			&core.BoolField{Name: "private"},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		goals.AddIndex("idx_goals_user_sort", false, "user, sort", "")

		if err := app.Save(goals); err != nil {
			return fmt.Errorf("goals: save collection: %w", err)
		}

		return nil
	}, func(app core.App) error {
		return deleteCollection(app, "goals")
	})
}
