package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// PocketBase's unique email index is partial (only non-empty emails), and SQLite
// uses a partial index only for queries that repeat its WHERE: a log-in by
// email ("email = ?", tried first for any identity) scanned every user. A
// plain index on email makes it one search.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return fmt.Errorf("users email lookup: %w", err)
		}

		users.AddIndex("idx_users_email_lookup", false, "email", "")

		if err := app.Save(users); err != nil {
			return fmt.Errorf("users email lookup: %w", err)
		}

		return nil
	}, func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return fmt.Errorf("users email lookup down: %w", err)
		}

		users.RemoveIndex("idx_users_email_lookup")

		return app.Save(users)
	})
}
