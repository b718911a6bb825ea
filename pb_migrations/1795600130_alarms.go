package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Alarms (issue 17): the time of day (HH:MM) a user wants to be reminded of
// one of their own todos. Not a todos field: whoever sees the todo could
// read it and filter by it. The alarm is its owner's alone, through every
// door; one per todo, gone with the todo or the user.
func init() {
	const owner = `user = @request.auth.id`

	m.Register(func(app core.App) error {
		ids := map[string]string{}
		for _, name := range []string{"users", "todos"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return fmt.Errorf("alarms: %w", err)
			}
			ids[name] = c.Id
		}

		alarms := core.NewBaseCollection("alarms")
		alarms.ListRule = types.Pointer(owner)
		alarms.ViewRule = types.Pointer(owner)
		alarms.CreateRule = types.Pointer(`@request.auth.id != ""`)
		alarms.UpdateRule = types.Pointer(owner)
		alarms.DeleteRule = types.Pointer(owner)
		alarms.Fields.Add(
			&core.RelationField{Name: "user", CollectionId: ids["users"], Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "todo", CollectionId: ids["todos"], Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.TextField{Name: "time", Required: true},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		alarms.AddIndex("idx_alarms_todo", true, "todo", "")
		alarms.AddIndex("idx_alarms_user", false, "user", "")
		if err := app.Save(alarms); err != nil {
			return fmt.Errorf("alarms: save collection: %w", err)
		}
		return nil
	}, func(app core.App) error {
		return deleteCollection(app, "alarms")
	})
}
