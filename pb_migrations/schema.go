package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
)

// The schema steps that several migrations take. Each migration already
// runs in a transaction of PocketBase's migrations runner.

// replaceIndex gives collection the index name over columns (partial when
// where is not "") in place of the index old (none: ""); name "" only
// drops old.
func replaceIndex(app core.App, collection, old, name, columns, where string) error {
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		return fmt.Errorf("%s index %q for %q: %w", collection, name, old, err)
	}
	if old != "" {
		c.RemoveIndex(old)
	}
	if name != "" {
		c.AddIndex(name, false, columns, where)
	}
	if err := app.Save(c); err != nil {
		return fmt.Errorf("%s index %q for %q: save collection: %w", collection, name, old, err)
	}
	return nil
}

// execStatements runs SQL statements that PocketBase's collection model
// cannot express (triggers, a column that is no field), in order.
func execStatements(app core.App, what string, statements []string) error {
	for _, statement := range statements {
		if _, err := app.DB().NewQuery(statement).Execute(); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	return nil
}
