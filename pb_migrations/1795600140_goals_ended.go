package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Ended goals (issue 17): a goal its owner is done with takes no new todos
// (hooks/goals.go) and keeps its past ones, their colour and their cheers.
// Its owner ends and reopens it with a normal update. Existing goals are
// not ended (false).
func init() {
	m.Register(func(app core.App) error {
		goals, err := app.FindCollectionByNameOrId("goals")
		if err != nil {
			return fmt.Errorf("goals ended: %w", err)
		}
		goals.Fields.Add(&core.BoolField{Name: "ended"})
		if err := app.Save(goals); err != nil {
			return fmt.Errorf("goals ended: save collection: %w", err)
		}
		return nil
	}, func(app core.App) error {
		goals, err := app.FindCollectionByNameOrId("goals")
		if err != nil {
			return fmt.Errorf("goals ended down: %w", err)
		}
		goals.Fields.RemoveByName("ended")
		if err := app.Save(goals); err != nil {
			return fmt.Errorf("goals ended down: save collection: %w", err)
		}
		return nil
	})
}
