package hooks

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

func bindGoals(app core.App) {
	// defaults are filled in before validation so that a goal created
	// without a color is valid and shows the SPEC's default
	app.OnRecordValidate(collections.Goals).BindFunc(func(e *core.RecordEvent) error {
		if e.Record.IsNew() && e.Record.GetString(collections.GoalsFieldColor) == "" {
			e.Record.Set(collections.GoalsFieldColor, collections.GoalsDefaultColor)
		}
		return e.Next()
	})
}

// joinsEndedGoal reports whether record (a todo or a routine) is being put
// under an ended goal: created under one, or moved to one from another
// goal. What already is under a goal when it ends stays there and may
// still be checked, moved to another day or edited.
func joinsEndedGoal(app core.App, record *core.Record, goalField string) (bool, error) {
	goalId := record.GetString(goalField)
	if goalId == "" {
		return false, nil
	}
	if !record.IsNew() && goalId == record.Original().GetString(goalField) {
		return false, nil
	}

	var ended bool
	err := app.DB().
		Select(collections.GoalsFieldEnded).
		From(collections.Goals).
		Where(dbx.HashExp{collections.FieldId: goalId}).
		Limit(1).
		Row(&ended)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil // a missing goal is the relation validator's to report
	}
	if err != nil {
		return false, fmt.Errorf("goal %s ended: %w", goalId, err)
	}
	return ended, nil
}
