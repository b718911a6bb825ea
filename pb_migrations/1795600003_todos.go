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
			return fmt.Errorf("todos: %w", err)
		}

		goals, err := app.FindCollectionByNameOrId("goals")
		if err != nil {
			return fmt.Errorf("todos: %w", err)
		}

		todos := core.NewBaseCollection("todos")

		// the owner sees all their todos; friends see those not under a
		// private goal (the owner is in their own friendships)
		visible := `user.friendships_via_user.friend ?= @request.auth.id && (user = @request.auth.id || goal = "" || goal.private = false)`
		todos.ListRule = types.Pointer(visible)
		todos.ViewRule = types.Pointer(visible)
		todos.CreateRule = types.Pointer(`@request.auth.id != ""`)
		todos.UpdateRule = types.Pointer(`user = @request.auth.id`)
		todos.DeleteRule = types.Pointer(`user = @request.auth.id`)

		todos.Fields.Add(
			&core.RelationField{Name: "user", CollectionId: users.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.TextField{Name: "contents", Required: true, Min: 1, Max: 300, Presentable: true},
			&core.TextField{Name: "date", Required: true, Pattern: `^\d{4}-\d{2}-\d{2}$`},
			&core.BoolField{Name: "is_checked"},
			// deleting a goal deletes its todos: unlinking them instead would
			// show a private goal's todos to friends
			&core.RelationField{Name: "goal", CollectionId: goals.Id, MaxSelect: 1, CascadeDelete: true},
			&core.NumberField{Name: "sort", OnlyInt: true},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		// "one user's day" and each friend's part of "my friends' day"
		todos.AddIndex("idx_todos_user_date_sort", false, "user, date, sort", "")
		todos.AddIndex("idx_todos_goal", false, "goal", "")

		if err := app.Save(todos); err != nil {
			return fmt.Errorf("todos: save collection: %w", err)
		}

		return nil
	}, func(app core.App) error {
		return deleteCollection(app, "todos")
	})
}
