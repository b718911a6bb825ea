package hooks

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

// bindRoutines keeps a routine and its days in step. A routine's days are
// written out as todos (collections.Routines says why): all of them in the
// transaction that creates the routine, so that they exist when the
// request returns, and again from a day on when "this and later days" are
// edited (routine_later.go). The days are the routine's own: a client names
// no routine on a todo; moving a day to another date takes it out of the
// routine (it is then a todo like any other).
func bindRoutines(app core.App) {
	app.OnRecordValidate(collections.Routines).BindFunc(func(e *core.RecordEvent) error {
		own, err := routineErrors(e.App, e.Record)
		if err != nil {
			return fmt.Errorf("routine check: %w", err)
		}
		return validateAlongside(e, own)
	})

	app.OnRecordCreateExecute(collections.Routines).BindFunc(func(e *core.RecordEvent) error {
		return thenInSameTransaction(e, func(txApp core.App, routine *core.Record) error {
			return writeRoutineDays(txApp, routine, routineDaysFrom(routine, ""))
		})
	})

	refuseClientRoutine := func(e *core.RecordRequestEvent) error {
		if e.HasSuperuserAuth() {
			return e.Next()
		}
		routine := e.Record.GetString(collections.TodosFieldRoutine)
		if routine != "" && (e.Record.IsNew() || routine != e.Record.Original().GetString(collections.TodosFieldRoutine)) {
			message := "Failed to update record."
			if e.Record.IsNew() {
				message = "Failed to create record."
			}
			return e.BadRequestError(message, validation.Errors{collections.TodosFieldRoutine: collections.ErrSetByServer})
		}
		return e.Next()
	}
	app.OnRecordCreateRequest(collections.Todos).BindFunc(refuseClientRoutine)
	app.OnRecordUpdateRequest(collections.Todos).BindFunc(refuseClientRoutine)

	// a day moved to another date is no longer on the routine's pattern:
	// edits of "this and later days" leave it where it was put
	app.OnRecordUpdate(collections.Todos).BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString(collections.FieldDate) != e.Record.Original().GetString(collections.FieldDate) {
			e.Record.Set(collections.TodosFieldRoutine, "")
		}
		return e.Next()
	})

	bindRoutineLater(app)
}

// routineErrors are what is wrong with a routine beyond its fields' own
// checks: its days (real ones, the end on or after the start and at most a
// year after it, at least one day on a chosen weekday) and its goal (the
// author's own).
func routineErrors(app core.App, routine *core.Record) (validation.Errors, error) {
	contents := routine.GetString(collections.RoutinesFieldContents)
	if trimmed := strings.TrimSpace(contents); trimmed != contents {
		routine.Set(collections.RoutinesFieldContents, trimmed)
	}

	own := validation.Errors{}
	start := routine.GetString(collections.RoutinesFieldStart)
	end := routine.GetString(collections.RoutinesFieldEnd)
	for field, day := range map[string]string{collections.RoutinesFieldStart: start, collections.RoutinesFieldEnd: end} {
		if day != "" && !collections.IsDay(day) {
			own[field] = collections.ErrInvalidDay
		}
	}
	if len(own) == 0 && start != "" && end != "" {
		lastEnd, _ := collections.RoutineLastEnd(start)
		switch {
		case end < start:
			own[collections.RoutinesFieldEnd] = collections.ErrEndBeforeStart
		case end > lastEnd:
			own[collections.RoutinesFieldEnd] = collections.ErrRangeTooLong
		case len(routine.GetStringSlice(collections.RoutinesFieldWeekdays)) > 0 &&
			len(collections.RoutineDays(start, end, routine.GetStringSlice(collections.RoutinesFieldWeekdays))) == 0:
			own[collections.RoutinesFieldWeekdays] = collections.ErrNoRoutineDays
		}
	}

	ownGoal, err := ownsRelated(app, routine, collections.RoutinesFieldGoal, collections.Goals)
	if err != nil {
		return nil, err
	}
	if !ownGoal {
		own[collections.RoutinesFieldGoal] = collections.ErrMissingRelation
	} else if ended, err := joinsEndedGoal(app, routine, collections.RoutinesFieldGoal); err != nil {
		return nil, err
	} else if ended {
		// said here too, so that it is the routine's goal at fault
		// before any of its days is written
		own[collections.RoutinesFieldGoal] = collections.ErrGoalEnded
	}
	return own, nil
}

// routineDaysFrom are the days of routine's pattern on or after from ("":
// all of them).
func routineDaysFrom(routine *core.Record, from string) []string {
	first := max(routine.GetString(collections.RoutinesFieldStart), from)
	return collections.RoutineDays(first, routine.GetString(collections.RoutinesFieldEnd),
		routine.GetStringSlice(collections.RoutinesFieldWeekdays))
}

// writeRoutineDays writes a todo of routine on each of days, last on its
// day (after the author's other todos of that day).
func writeRoutineDays(txApp core.App, routine *core.Record, days []string) error {
	if len(days) == 0 {
		return nil
	}
	todos, err := txApp.FindCachedCollectionByNameOrId(collections.Todos)
	if err != nil {
		return fmt.Errorf("routine %s days: %w", routine.Id, err)
	}
	user := routine.GetString(collections.FieldUser)
	lastSorts, err := lastSortsOfDays(txApp, user, days[0], days[len(days)-1], "")
	if err != nil {
		return fmt.Errorf("routine %s days: %w", routine.Id, err)
	}

	for _, day := range days {
		todo := core.NewRecord(todos)
		todo.Set(collections.FieldUser, user)
		todo.Set(collections.TodosFieldContents, routine.GetString(collections.RoutinesFieldContents))
		todo.Set(collections.TodosFieldGoal, routine.GetString(collections.RoutinesFieldGoal))
		todo.Set(collections.FieldDate, day)
		todo.Set(collections.TodosFieldRoutine, routine.Id)
		if last, ok := lastSorts[day]; ok {
			todo.Set(collections.FieldSort, last+1)
		}
		if err := txApp.Save(todo); err != nil {
			// a refused day (an ended goal, say) is the routine's field
			// error, told as such
			var fieldErrs validation.Errors
			if errors.As(err, &fieldErrs) {
				return fieldErrs
			}
			return fmt.Errorf("routine %s day %s: %w", routine.Id, day, err)
		}
	}
	return nil
}

// lastSortsOfDays is the largest sort of user's todos on each day from
// first to last that has any, the todo except (a todo being moved) left
// out: what "last on its day" is measured against.
func lastSortsOfDays(app core.App, user, first, last, except string) (map[string]int, error) {
	var rows []struct {
		Date string `db:"date"`
		Sort int    `db:"last"`
	}
	err := app.DB().
		Select(collections.FieldDate, "max(["+collections.FieldSort+"]) AS [[last]]").
		From(collections.Todos).
		Where(dbx.HashExp{collections.FieldUser: user}).
		AndWhere(dbx.Between(collections.FieldDate, first, last)).
		AndWhere(dbx.Not(dbx.HashExp{collections.FieldId: except})).
		GroupBy(collections.FieldDate).
		All(&rows)
	if err != nil {
		return nil, fmt.Errorf("last sorts of %s's days %s..%s: %w", user, first, last, err)
	}
	lastSorts := make(map[string]int, len(rows))
	for _, row := range rows {
		lastSorts[row.Date] = row.Sort
	}
	return lastSorts, nil
}

// reconcileRoutineDays makes the routine's days on and after from what its
// pattern says now: a kept day takes the routine's contents and goal (its
// check and cheers stay), a day off the pattern goes, a missing one is
// written.
func reconcileRoutineDays(txApp core.App, routine *core.Record, from string) error {
	existing, err := routineDaysOnOrAfter(txApp, routine, from)
	if err != nil {
		return err
	}
	want := routineDaysFrom(routine, from)
	missing := make(map[string]bool, len(want))
	for _, day := range want {
		missing[day] = true
	}

	contents := routine.GetString(collections.RoutinesFieldContents)
	goal := routine.GetString(collections.RoutinesFieldGoal)
	for _, todo := range existing {
		day := todo.GetString(collections.FieldDate)
		if !missing[day] {
			if err := txApp.Delete(todo); err != nil {
				return fmt.Errorf("routine %s: delete day %s: %w", routine.Id, day, err)
			}
			continue
		}
		delete(missing, day)
		if todo.GetString(collections.TodosFieldContents) == contents && todo.GetString(collections.TodosFieldGoal) == goal {
			continue
		}
		todo.Set(collections.TodosFieldContents, contents)
		todo.Set(collections.TodosFieldGoal, goal)
		if err := txApp.Save(todo); err != nil {
			var fieldErrs validation.Errors
			if errors.As(err, &fieldErrs) {
				return fieldErrs
			}
			return fmt.Errorf("routine %s: update day %s: %w", routine.Id, day, err)
		}
	}
	return writeRoutineDays(txApp, routine, slices.DeleteFunc(want, func(day string) bool { return !missing[day] }))
}

// routineDaysOnOrAfter are the todos of routine dated from on or later.
func routineDaysOnOrAfter(txApp core.App, routine *core.Record, from string) ([]*core.Record, error) {
	days, err := txApp.FindAllRecords(collections.Todos,
		dbx.HashExp{collections.TodosFieldRoutine: routine.Id},
		dbx.NewExp("[["+collections.FieldDate+"]] >= {:from}", dbx.Params{"from": from}))
	if err != nil {
		return nil, fmt.Errorf("routine %s days from %s: %w", routine.Id, from, err)
	}
	return days, nil
}
