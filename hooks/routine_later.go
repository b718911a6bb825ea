package hooks

import (
	"database/sql"
	"errors"
	"fmt"
	"net/http"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/todomate/todomate/collections"
)

// routineLaterFields are what an edit of "this and later days" may change
// of a routine.
var routineLaterFields = []string{
	collections.RoutinesFieldContents,
	collections.RoutinesFieldGoal,
	collections.RoutinesFieldWeekdays,
	collections.RoutinesFieldEnd,
}

// bindRoutineLater serves the two edits of a routine from one of its days
// on, each one request in one transaction (an edit of "this day" alone is
// a plain update or delete of the todo):
//
//	POST   /api/todomate/todos/{id}/later  {contents?, goal?, weekdays?, end?}
//	DELETE /api/todomate/todos/{id}/later
//
// The first changes the routine and its days from the todo's day on (days
// before it keep what they were); the second deletes those days and ends
// the routine the day before (or deletes it, when nothing is left of it).
// A todo that is not the auth user's is answered as one that does not
// exist; one that is no routine's day is a 400.
func bindRoutineLater(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		later := se.Router.Group("/api/todomate/todos/{id}/later")
		later.Bind(apis.RequireAuth())
		later.POST("", editRoutineLater)
		later.DELETE("", deleteRoutineLater)
		return se.Next()
	})
}

func editRoutineLater(e *core.RequestEvent) error {
	todo, routine, err := ownRoutineDay(e)
	if err != nil {
		return err
	}

	if err := e.Request.ParseMultipartForm(router.DefaultMaxMemory); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return e.BadRequestError("Failed to read the request body.", validation.Errors{"body": collections.ErrInvalidBody})
	}
	body, fromForm, err := submittedBody(e)
	if err != nil {
		return e.BadRequestError("Failed to read the request body.", validation.Errors{"body": collections.ErrInvalidBody})
	}
	typeErrs := validation.Errors{}
	for _, name := range routineLaterFields {
		value, sent := body[name]
		if !sent {
			continue
		}
		if err := checkValueType(routine.Collection().Fields.GetByName(name), value, fromForm); err != nil {
			typeErrs[name] = err
			continue
		}
		routine.Set(name, value)
	}
	if len(typeErrs) > 0 {
		return e.BadRequestError("Failed to update the routine.", typeErrs)
	}

	from := todo.GetString(collections.FieldDate)
	err = e.App.RunInTransaction(func(txApp core.App) error {
		if err := txApp.Save(routine); err != nil {
			return err
		}
		return reconcileRoutineDays(txApp, routine, from)
	})
	if err != nil {
		return routineWriteError(e, "Failed to update the routine.", err)
	}
	return e.JSON(http.StatusOK, routine)
}

func deleteRoutineLater(e *core.RequestEvent) error {
	todo, routine, err := ownRoutineDay(e)
	if err != nil {
		return err
	}

	from := todo.GetString(collections.FieldDate)
	err = e.App.RunInTransaction(func(txApp core.App) error {
		if err := deleteRoutineDaysFrom(txApp, routine, from); err != nil {
			return err
		}
		before := collections.DayBefore(from)
		if len(collections.RoutineDays(routine.GetString(collections.RoutinesFieldStart), before,
			routine.GetStringSlice(collections.RoutinesFieldWeekdays))) == 0 {
			// nothing of it before this day: the routine goes
			return txApp.Delete(routine)
		}
		routine.Set(collections.RoutinesFieldEnd, before)
		return txApp.Save(routine)
	})
	if err != nil {
		return routineWriteError(e, "Failed to delete the routine's days.", err)
	}
	return e.NoContent(http.StatusNoContent)
}

// ownRoutineDay is the todo of the request's path and its routine: a 404
// unless the todo is the auth user's (another user's todo is not confirmed
// to exist), a 400 unless it is a day of a routine.
func ownRoutineDay(e *core.RequestEvent) (*core.Record, *core.Record, error) {
	todo, err := e.App.FindRecordById(collections.Todos, e.Request.PathValue("id"))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && todo.GetString(collections.FieldUser) != e.Auth.Id) {
		return nil, nil, e.NotFoundError("", nil)
	}
	if err != nil {
		return nil, nil, e.InternalServerError("", fmt.Errorf("routine day %s: %w", e.Request.PathValue("id"), err))
	}

	routineId := todo.GetString(collections.TodosFieldRoutine)
	if routineId == "" {
		return nil, nil, e.BadRequestError("This todo is not a day of a routine.",
			validation.Errors{collections.TodosFieldRoutine: collections.ErrNotRoutine})
	}
	routine, err := e.App.FindRecordById(collections.Routines, routineId)
	if err != nil {
		return nil, nil, e.InternalServerError("", fmt.Errorf("routine %s of todo %s: %w", routineId, todo.Id, err))
	}
	return todo, routine, nil
}

// deleteRoutineDaysFrom deletes routine's days on and after from.
func deleteRoutineDaysFrom(txApp core.App, routine *core.Record, from string) error {
	days, err := routineDaysOnOrAfter(txApp, routine, from)
	if err != nil {
		return err
	}
	for _, day := range days {
		if err := txApp.Delete(day); err != nil {
			return fmt.Errorf("routine %s: delete day %s: %w", routine.Id, day.GetString(collections.FieldDate), err)
		}
	}
	return nil
}

// routineWriteError answers a failed routine write: its field errors as a
// 400, anything else as a 500.
func routineWriteError(e *core.RequestEvent, message string, err error) error {
	var fieldErrs validation.Errors
	if errors.As(err, &fieldErrs) {
		return e.BadRequestError(message, fieldErrs)
	}
	return e.InternalServerError(message, err)
}
