package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"github.com/todomate/todomate/collections"
)

// The feed looks up each todo's likes, and most todos have none: on the
// seeded community that search was half the pages the feed's todos SQL
// touched. Each todo now carries how many likes rows name it
// (collections.TodosColumnLikeCount), so that the feed skips the search
// where it is 0. SQLite triggers keep it, so that every write of a like is
// counted: the API's, a cascade, the seed's and a superuser's SQL alike.
// Each trigger counts again rather than adding one, so a count can never
// drift from the rows.
var likeCountTriggers = []struct{ name, sql string }{
	{"likes_count_todo_insert", `AFTER INSERT ON likes WHEN NEW.todo != ''
BEGIN UPDATE todos SET %[1]s = (SELECT count(*) FROM likes WHERE todo = NEW.todo) WHERE id = NEW.todo; END`},
	{"likes_count_todo_delete", `AFTER DELETE ON likes WHEN OLD.todo != ''
BEGIN UPDATE todos SET %[1]s = (SELECT count(*) FROM likes WHERE todo = OLD.todo) WHERE id = OLD.todo; END`},
	{"likes_count_todo_update", `AFTER UPDATE OF todo ON likes WHEN OLD.todo IS NOT NEW.todo
BEGIN UPDATE todos SET %[1]s = (SELECT count(*) FROM likes WHERE todo = todos.id) WHERE id IN (OLD.todo, NEW.todo); END`},
}

func init() {
	m.Register(func(app core.App) error {
		statements := []string{
			"ALTER TABLE todos ADD COLUMN " + collections.TodosColumnLikeCount + " INTEGER NOT NULL DEFAULT 0",
			"UPDATE todos SET " + collections.TodosColumnLikeCount + " = (SELECT count(*) FROM likes WHERE likes.todo = todos.id)" +
				" WHERE id IN (SELECT todo FROM likes WHERE todo != '')",
		}
		for _, trigger := range likeCountTriggers {
			statements = append(statements, "CREATE TRIGGER "+trigger.name+" "+fmt.Sprintf(trigger.sql, collections.TodosColumnLikeCount))
		}
		return execStatements(app, "todos like count", statements)
	}, func(app core.App) error {
		var statements []string
		for _, trigger := range likeCountTriggers {
			statements = append(statements, "DROP TRIGGER IF EXISTS "+trigger.name)
		}
		statements = append(statements, "ALTER TABLE todos DROP COLUMN "+collections.TodosColumnLikeCount)
		return execStatements(app, "todos like count, down", statements)
	})
}
