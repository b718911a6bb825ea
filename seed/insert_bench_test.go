package seed_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/internal/fixture"
	"github.com/todomate/todomate/seed"
)

// BenchmarkInsertTodos compares the two ways of writing todos in bulk, per
// todo, both inside one transaction: PocketBase models (app.Save: field
// validation, todomate's validate hooks with the goal-owner query, the
// relation checks, events) and seed's prepared dbx INSERTs, measured
// through seed.Run (which also writes a user, goals and a few likes per
// user, and checks the result).
func BenchmarkInsertTodos(b *testing.B) {
	b.Run("models", func(b *testing.B) {
		app := fixture.NewApp(b, "bench-insert", func(fb *fixture.Builder) {
			owner := fb.User("userbenchowner0", "owner")
			fb.Goal("goalbench000000", owner, "work", false)
		})
		defer app.Cleanup()

		todos, err := app.FindCollectionByNameOrId(collections.Todos)
		if err != nil {
			b.Fatal(err)
		}

		b.ReportAllocs()
		b.ResetTimer()
		err = app.RunInTransaction(func(tx core.App) error {
			for i := 0; i < b.N; i++ {
				todo := core.NewRecord(todos)
				todo.Set(collections.FieldUser, "userbenchowner0")
				todo.Set(collections.TodosFieldGoal, "goalbench000000")
				todo.Set(collections.TodosFieldContents, "water the plants")
				todo.Set(collections.FieldDate, fmt.Sprintf("2026-11-%02d", 1+i%30))
				todo.Set(collections.FieldSort, i)
				if err := tx.Save(todo); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	})

	b.Run("seed", func(b *testing.B) {
		app := fixture.NewEmptyApp(b)
		defer app.Cleanup()

		// whole users of 100 todos each, about b.N todos in all
		users := max(1, b.N/100)

		b.ReportAllocs()
		b.ResetTimer()
		sum, err := seed.Run(context.Background(), app, seed.Options{
			Users: users, TodosPerUser: 100, EndDay: "2026-11-24", Seed: 1,
		}, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		// per todo, though users, goals, diaries, follows and likes came along
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(sum.Todos), "ns/todo")
	})
}
