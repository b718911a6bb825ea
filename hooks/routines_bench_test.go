package hooks_test

import (
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/hooks"
	. "github.com/todomate/todomate/internal/fixture"
)

// yearRoutine saves a routine of alice's on every day of the year from
// 2027-01-01, as the create request does (its days in one transaction).
func yearRoutine(b *testing.B, app core.App) *core.Record {
	b.Helper()
	routines, err := app.FindCollectionByNameOrId("routines")
	if err != nil {
		b.Fatal(err)
	}
	routine := core.NewRecord(routines)
	routine.Load(map[string]any{"user": AliceId, "contents": "every day", "goal": GoalWorkId,
		"weekdays": []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}, "start": "2027-01-01", "end": "2028-01-01"})
	if err := app.Save(routine); err != nil {
		b.Fatal(err)
	}
	return routine
}

// Creating a one-year routine: 366 todos written in one transaction.
func BenchmarkRoutineCreateYear(b *testing.B) {
	app := community(b)
	defer app.Cleanup()

	for b.Loop() {
		yearRoutine(b, app)
	}
	b.ReportMetric(366, "days/op")
}

// "This and later days" from the middle of a one-year routine: every day
// becomes Mon/Wed/Fri with new contents, from 2027-07-01 on (about 184
// days: 105 deleted, 79 rewritten).
func BenchmarkRoutineEditLater(b *testing.B) {
	app := community(b)
	defer app.Cleanup()

	for b.Loop() {
		b.StopTimer()
		routine := yearRoutine(b, app)
		from := "2027-07-01"
		b.StartTimer()

		routine.Set("weekdays", []string{"mon", "wed", "fri"})
		routine.Set("contents", "three days a week")
		err := app.RunInTransaction(func(txApp core.App) error {
			if err := txApp.Save(routine); err != nil {
				return err
			}
			return hooks.ReconcileRoutineDays(txApp, routine, from)
		})
		if err != nil {
			b.Fatal(err)
		}

		b.StopTimer()
		if _, err := app.DB().Delete("todos", dbx.HashExp{"routine": routine.Id}).Execute(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}
