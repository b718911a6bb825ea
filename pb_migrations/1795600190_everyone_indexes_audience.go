package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// An unnarrowed day (every todo or diary the viewer may see, with no
// author in the filter) reads the "everyone" rows of the day through the
// partial indexes of 1795600060, and its count (PocketBase's totalItems)
// then read each of those rows from the table for the rule's test of its
// audience: at 10,000 users, 2,048 rows and 3,400 pages a request. An
// "everyone" audience is short ("*" and the ids of those in a block with
// the author), so the indexes now carry it, and the count reads the index
// alone: 130 pages. Same names and conditions, one more column.
var everyoneIndexes = []struct{ collection, name, columns, before string }{
	{"todos", "idx_todos_everyone_date", "visibility, date, audience", "visibility, date"},
	{"diaries", "idx_diaries_everyone_date", "visibility, date, audience", "visibility, date"},
}

const everyoneOnly = `visibility = 'everyone'`

func init() {
	m.Register(func(app core.App) error {
		for _, index := range everyoneIndexes {
			if err := replaceEveryoneIndex(app, index.collection, index.name, index.columns); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		for _, index := range everyoneIndexes {
			if err := replaceEveryoneIndex(app, index.collection, index.name, index.before); err != nil {
				return err
			}
		}
		return nil
	})
}

func replaceEveryoneIndex(app core.App, collection, name, columns string) error {
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		return fmt.Errorf("%s index %s: %w", collection, name, err)
	}
	c.RemoveIndex(name)
	c.AddIndex(name, false, columns, everyoneOnly)
	if err := app.Save(c); err != nil {
		return fmt.Errorf("%s index %s over %s: %w", collection, name, columns, err)
	}
	return nil
}
