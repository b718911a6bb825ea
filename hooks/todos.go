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

		ownGoal, err := ownsRelated(e.App, todo, collections.TodosFieldGoal, collections.Goals)
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

// ownsRelated reports whether the record the relation field of record
// points to, if any, belongs to record's author (a todo's or a routine's
// goal, an alarm's todo). A related record that does not exist counts as
// owned: PocketBase's relation validator reports it, with the same code an
// unowned one gets, so that another user's record is not confirmed to
// exist.
func ownsRelated(app core.App, record *core.Record, field, collection string) (bool, error) {
	id := record.GetString(field)
	if id == "" {
		return true, nil
	}

	var owner string
	err := app.DB().
		Select(collections.FieldUser).
		From(collection).
		Where(dbx.HashExp{collections.FieldId: id}).
		Limit(1).
		Row(&owner)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("owner of %s %s: %w", collection, id, err)
	}

	return owner == record.GetString(collections.FieldUser), nil
}
