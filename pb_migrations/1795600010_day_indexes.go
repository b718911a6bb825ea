package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Indexes todos and diaries by day, for "my friends' day" through the
// records API (filter=date='2026-11-24'): the list rules are OR-ed with the
// filter, so no (user, ...) index applies, and without these SQLite reads
// every todo ever written (EXPLAIN QUERY PLAN: SCAN todos) to find one
// day's. With them it reads that day's rows only.
//
// (date, user, ...) rather than (date) alone: without statistics SQLite
// then took (date) for the count of "one user's day" and read every user's
// todos of that day; (date, user, sort) answers that filter, in the order
// of sort, as exactly as (user, date, sort), whichever the planner takes.
func init() {
	m.Register(func(app core.App) error {
		for _, index := range []struct{ collection, name, columns string }{
			{"todos", "idx_todos_date_user_sort", "date, user, sort"},
			{"diaries", "idx_diaries_date_user", "date, user"},
		} {
			collection, err := app.FindCollectionByNameOrId(index.collection)
			if err != nil {
				return fmt.Errorf("day indexes: %w", err)
			}
			collection.AddIndex(index.name, false, index.columns, "")
			if err := app.Save(collection); err != nil {
				return fmt.Errorf("day indexes: %s: %w", index.collection, err)
			}
		}
		return nil
	}, func(app core.App) error {
		for _, index := range []struct{ collection, name string }{
			{"todos", "idx_todos_date_user_sort"},
			{"diaries", "idx_diaries_date_user"},
		} {
			collection, err := app.FindCollectionByNameOrId(index.collection)
			if err != nil {
				return fmt.Errorf("day indexes down: %w", err)
			}
			collection.RemoveIndex(index.name)
			if err := app.Save(collection); err != nil {
				return fmt.Errorf("day indexes down: %s: %w", index.collection, err)
			}
		}
		return nil
	})
}
