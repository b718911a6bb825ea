package hooks

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

// bindAlarms checks an alarm beyond its fields' own validators: its time is
// a time of day, its todo one of its author's own, and no other alarm is on
// that todo. The last is told as a field error next to the others, before
// the unique index would turn it into a bare failure.
func bindAlarms(app core.App) {
	app.OnRecordValidate(collections.Alarms).BindFunc(func(e *core.RecordEvent) error {
		own, err := alarmErrors(e.App, e.Record)
		if err != nil {
			return fmt.Errorf("alarm check: %w", err)
		}
		return validateAlongside(e, own)
	})
}

func alarmErrors(app core.App, alarm *core.Record) (validation.Errors, error) {
	own := validation.Errors{}
	if t := alarm.GetString(collections.AlarmsFieldTime); t != "" && !collections.IsTimeOfDay(t) {
		own[collections.AlarmsFieldTime] = collections.ErrInvalidTime
	}

	todo := alarm.GetString(collections.AlarmsFieldTodo)
	if todo == "" {
		return own, nil // PocketBase's required validator speaks
	}
	owner, err := todoOwner(app, todo)
	if err != nil {
		return nil, err
	}
	switch {
	case owner != alarm.GetString(collections.FieldUser):
		// the same answer as for a todo that does not exist: another
		// user's todo is not confirmed to exist, however visible
		own[collections.AlarmsFieldTodo] = collections.ErrMissingRelation
	default:
		taken, err := todoHasOtherAlarm(app, todo, alarm.Id)
		if err != nil {
			return nil, err
		}
		if taken {
			own[collections.AlarmsFieldTodo] = collections.ErrNotUnique
		}
	}
	return own, nil
}

// todoOwner is the author of the todo id, or "" when there is none.
func todoOwner(app core.App, id string) (string, error) {
	var owner string
	err := app.DB().
		Select(collections.FieldUser).
		From(collections.Todos).
		Where(dbx.HashExp{collections.FieldId: id}).
		Limit(1).
		Row(&owner)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("owner of todo %s: %w", id, err)
	}
	return owner, nil
}

// todoHasOtherAlarm reports whether an alarm other than alarm is on todo.
func todoHasOtherAlarm(app core.App, todo, alarm string) (bool, error) {
	var n int
	err := app.DB().
		Select("count(*)").
		From(collections.Alarms).
		Where(dbx.HashExp{collections.AlarmsFieldTodo: todo}).
		AndWhere(dbx.Not(dbx.HashExp{collections.FieldId: alarm})).
		Row(&n)
	if err != nil {
		return false, fmt.Errorf("alarms of todo %s: %w", todo, err)
	}
	return n > 0, nil
}
