package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// A todo's visibility level, and indexes by level, so that a list a client
// asks for costs what the requester may see, not the whole collection.
//
// A list with no author in its filter (a day of every todo the viewer may
// see) is narrowed by the server to "the viewer's circle's, or everyone's"
// (hooks/list_narrowing.go): SQLite can then read the circle's rows through
// the (user, ...) indexes and the "everyone" rows through an index of those
// alone, instead of testing every row of the day against the audience. For
// that the level must be a column of the todo itself: todos get
// `visibility`, read-only, their goal's level ("friends" without a goal),
// kept by the hooks in the same transaction as the audience it mirrors.
//
// The (date, ...) indexes of 1795600010 become partial, of the records not
// "me": SQLite's choice between them and the narrowed way in rested on
// statistics, which PocketBase's PRAGMA optimize only estimates (it took
// 2,001 rows a day for 33,000, and the whole day won). A partial index
// serves only a query that names its condition, so the narrowed lists have
// no whole-day way left; the narrowing of a viewer with too many friends to
// name does name it ("mine, or not 'me'"), and reads the day as before.
func init() {
	// partial: "everyone" rows alone, so that this way in is as narrow as
	// what everyone may see; led by the level, so that the narrowing's
	// visibility = "everyone" is a search of it (SQLite joins only searches
	// in a MULTI-INDEX OR), with no other term to go by
	everyone := `visibility = 'everyone'`
	notMine := `visibility IS NOT 'me'`
	indexes := []struct{ collection, name, columns, where, replaces, replacedColumns string }{
		{"todos", "idx_todos_everyone_date", "visibility, date", everyone, "", ""},
		{"diaries", "idx_diaries_everyone_date", "visibility, date", everyone, "", ""},
		{"goals", "idx_goals_everyone_user", "visibility, user", everyone, "", ""},
		{"todos", "idx_todos_shared_date_user_sort", "date, user, sort", notMine, "idx_todos_date_user_sort", "date, user, sort"},
		{"diaries", "idx_diaries_shared_date_user", "date, user", notMine, "idx_diaries_date_user", "date, user"},
	}

	m.Register(func(app core.App) error {
		todos, err := app.FindCollectionByNameOrId("todos")
		if err != nil {
			return fmt.Errorf("todos visibility: %w", err)
		}
		todos.Fields.Add(&core.SelectField{Name: "visibility", MaxSelect: 1, Values: []string{"me", "friends", "everyone"}})
		if err := app.Save(todos); err != nil {
			return fmt.Errorf("todos visibility: field: %w", err)
		}
		if _, err := app.DB().NewQuery(`UPDATE todos SET visibility = coalesce(
			(SELECT nullif(g.visibility, '') FROM goals g WHERE g.id = todos.goal), 'friends')`).Execute(); err != nil {
			return fmt.Errorf("todos visibility: backfill: %w", err)
		}

		for _, index := range indexes {
			collection, err := app.FindCollectionByNameOrId(index.collection)
			if err != nil {
				return fmt.Errorf("level indexes: %w", err)
			}
			if index.replaces != "" {
				collection.RemoveIndex(index.replaces)
			}
			collection.AddIndex(index.name, false, index.columns, index.where)
			if err := app.Save(collection); err != nil {
				return fmt.Errorf("level indexes: %s: %w", index.collection, err)
			}
		}
		return nil
	}, func(app core.App) error {
		for _, index := range indexes {
			collection, err := app.FindCollectionByNameOrId(index.collection)
			if err != nil {
				return fmt.Errorf("level indexes down: %w", err)
			}
			collection.RemoveIndex(index.name)
			if index.replaces != "" {
				collection.AddIndex(index.replaces, false, index.replacedColumns, "")
			}
			if err := app.Save(collection); err != nil {
				return fmt.Errorf("level indexes down: %s: %w", index.collection, err)
			}
		}
		todos, err := app.FindCollectionByNameOrId("todos")
		if err != nil {
			return fmt.Errorf("todos visibility down: %w", err)
		}
		todos.Fields.RemoveByName("visibility")
		if err := app.Save(todos); err != nil {
			return fmt.Errorf("todos visibility down: field: %w", err)
		}
		return nil
	})
}
