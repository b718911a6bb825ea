package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Routines (issue 17): a todo that repeats on chosen weekdays between a
// start and an end day. A routine's days are written out as todos when it
// is made (hooks/routines.go), each naming it in `routine`, so that reading
// a day costs what it cost before, whatever the number of routines, and
// every door shows a routine's days under the todo rules.
//
// The routine itself is its owner's alone: nobody else lists, views or
// expands one (its days show what they show under their goal's level).
// Clients make one through the records API; edits of "this and later
// days" and their deletion go through /api/todomate/todos/{id}/later in
// one transaction, so no client rule updates or deletes one.
func init() {
	const owner = `user = @request.auth.id`

	m.Register(func(app core.App) error {
		ids := map[string]string{}
		for _, name := range []string{"users", "goals"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return fmt.Errorf("routines: %w", err)
			}
			ids[name] = c.Id
		}

		routines := core.NewBaseCollection("routines")
		routines.ListRule = types.Pointer(owner)
		routines.ViewRule = types.Pointer(owner)
		routines.CreateRule = types.Pointer(`@request.auth.id != ""`)
		routines.UpdateRule = nil
		routines.DeleteRule = nil
		routines.Fields.Add(
			&core.RelationField{Name: "user", CollectionId: ids["users"], Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.TextField{Name: "contents", Required: true, Max: 300},
			&core.RelationField{Name: "goal", CollectionId: ids["goals"], MaxSelect: 1, CascadeDelete: true},
			&core.SelectField{Name: "weekdays", Required: true, MaxSelect: 7, Values: []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}},
			&core.TextField{Name: "start", Required: true, Pattern: `^\d{4}-\d{2}-\d{2}$`},
			&core.TextField{Name: "end", Required: true, Pattern: `^\d{4}-\d{2}-\d{2}$`},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		routines.AddIndex("idx_routines_user_start", false, "user, start", "")
		if err := app.Save(routines); err != nil {
			return fmt.Errorf("routines: save collection: %w", err)
		}

		// a routine's days, found by routine from a day on
		todos, err := app.FindCollectionByNameOrId("todos")
		if err != nil {
			return fmt.Errorf("routines: %w", err)
		}
		todos.Fields.Add(&core.RelationField{Name: "routine", CollectionId: routines.Id, MaxSelect: 1})
		todos.AddIndex("idx_todos_routine_date", false, "routine, date", "routine != ''")
		if err := app.Save(todos); err != nil {
			return fmt.Errorf("routines: todos.routine: %w", err)
		}
		return nil
	}, func(app core.App) error {
		todos, err := app.FindCollectionByNameOrId("todos")
		if err != nil {
			return fmt.Errorf("routines down: %w", err)
		}
		todos.RemoveIndex("idx_todos_routine_date")
		todos.Fields.RemoveByName("routine")
		if err := app.Save(todos); err != nil {
			return fmt.Errorf("routines down: todos.routine: %w", err)
		}
		return deleteCollection(app, "routines")
	})
}
