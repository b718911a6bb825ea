package pb_migrations

import (
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
			if err := replaceIndex(app, index.collection, index.name, index.name, index.columns, everyoneOnly); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		for _, index := range everyoneIndexes {
			if err := replaceIndex(app, index.collection, index.name, index.name, index.before, everyoneOnly); err != nil {
				return err
			}
		}
		return nil
	})
}
