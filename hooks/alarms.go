package hooks

import (
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
	owned, err := ownsRelated(app, alarm, collections.AlarmsFieldTodo, collections.Todos)
	if err != nil {
		return nil, err
	}
	if !owned {
		// the same answer as for a todo that does not exist: another
		// user's todo is not confirmed to exist, however visible
		own[collections.AlarmsFieldTodo] = collections.ErrMissingRelation
		return own, nil
	}
	taken, err := todoHasOtherAlarm(app, todo, alarm.Id)
	if err != nil {
		return nil, err
	}
	if taken {
		own[collections.AlarmsFieldTodo] = collections.ErrNotUnique
	}
	return own, nil
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
