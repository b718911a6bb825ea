package hooks

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

func bindTodos(app core.App) {
	app.OnRecordValidate(collections.Todos).BindFunc(func(e *core.RecordEvent) error {
		todo := e.Record

		// stored trimmed, so "   " is empty (required) and the 300
		// characters are the visible ones
		contents := todo.GetString(collections.TodosFieldContents)
		if trimmed := strings.TrimSpace(contents); trimmed != contents {
			todo.Set(collections.TodosFieldContents, trimmed)
		}

		own := validation.Errors{}
		if date := todo.GetString(collections.FieldDate); date != "" && !collections.IsDay(date) {
			own[collections.FieldDate] = collections.ErrInvalidDay
		}

		ownGoal, err := isOwnGoal(e.App, todo)
		if err != nil {
			return fmt.Errorf("todo goal check: %w", err)
		}
		if !ownGoal {
			// the same answer as for a goal that does not exist: another
			// user's (maybe private) goal is not confirmed to exist
			own[collections.TodosFieldGoal] = collections.ErrMissingRelation
		} else if ended, err := joinsEndedGoal(e.App, todo, collections.TodosFieldGoal); err != nil {
			return fmt.Errorf("todo goal check: %w", err)
		} else if ended {
			own[collections.TodosFieldGoal] = collections.ErrGoalEnded
		}

		return validateAlongside(e, own)
	})
}

// isOwnGoal reports whether the todo's goal, if it has one, belongs to the
// todo's author.
func isOwnGoal(app core.App, todo *core.Record) (bool, error) {
	goalId := todo.GetString(collections.TodosFieldGoal)
	if goalId == "" {
		return true, nil
	}

	var owner string
	err := app.DB().
		Select(collections.FieldUser).
		From(collections.Goals).
		Where(dbx.HashExp{collections.FieldId: goalId}).
		Limit(1).
		Row(&owner)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil // PocketBase's relation validator reports it too
	}
	if err != nil {
		return false, err
	}

	return owner == todo.GetString(collections.FieldUser), nil
}
