package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The (user, date, sort) index of todos also carries each todo's goal and
// check, so that a month of one user's todos is counted from the index
// alone (the calendar, routes/calendar_direct.go): reading every row of
// the month for those two columns cost the calendar about half its SQL,
// and routines add a day's todos. The same index still serves a user's
// day in order (my day, the feed's friends' days); only its entries grow,
// by a goal id and a flag.
const (
	todosDayIndex     = "idx_todos_user_date_sort"
	todosDayColumns   = "user, date, sort"
	todosTallyIndex   = "idx_todos_user_date_sort_goal_checked"
	todosTallyColumns = "user, date, sort, goal, is_checked"
)

func init() {
	m.Register(func(app core.App) error {
		return replaceIndex(app, "todos", todosDayIndex, todosTallyIndex, todosTallyColumns, "")
	}, func(app core.App) error {
		return replaceIndex(app, "todos", todosTallyIndex, todosDayIndex, todosDayColumns, "")
	})
}
