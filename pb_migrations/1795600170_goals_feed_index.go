package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The feed shows each todo with its goal's title and colour
// (routes/feed_direct.go): found by id in the primary key's index and then
// read from the table, that was two searches per todo and a fifth of the
// feed's SQL. An index of goals that carries what the feed shows answers
// it in one. Goals are few (a handful a user) and seldom written, so the
// copy costs little.
const (
	goalsShownIndex   = "idx_goals_id_user_color_title"
	goalsShownColumns = "id, user, color, title"
)

func init() {
	m.Register(func(app core.App) error {
		return replaceIndex(app, "goals", "", goalsShownIndex, goalsShownColumns, "")
	}, func(app core.App) error {
		return replaceIndex(app, "goals", goalsShownIndex, "", "", "")
	})
}
