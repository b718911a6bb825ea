package routes

import (
	"database/sql"
	"fmt"

	"github.com/todomate/todomate/visibility"
)

// The calendar's direct SQL, for the rules as migrated (package visibility):
//
//   - the user is shown to the auth user unless the user blocks them
//     (visibility.UnlessBlockingSQL, the users rule restated);
//   - their todos and diaries count when the auth user is in their
//     audience (visibility.SeenBySQL, the rule restated); a counted
//     todo's goal lends its colour.
//
// A todo's audience is its goal's, and a todo with no goal has the
// audience of its author's "friends": the todos are tested per goal, by
// the goal's audience, and those with no goal by any one of them of the
// month, so that the month is counted from the (user, date, sort, goal,
// is_checked) index alone, without reading a row per todo (half the
// calendar's SQL; pb_migrations/1795600160_todos_tally_index.go).
var (
	calendarUserDirectSQL = `SELECT u.id FROM users u
WHERE u.id = :user AND ` + visibility.UnlessBlockingSQL("u", ":auth")

	calendarTodosDirectSQL = `WITH seen_goals AS MATERIALIZED (
  SELECT g.id, g.color FROM goals g WHERE g.user = :user AND ` + visibility.SeenBySQL("g", ":auth") + `)
SELECT t.date, coalesce(sg.color, '') AS goal_color, count(*), coalesce(sum(t.is_checked), 0)
FROM todos t
LEFT JOIN seen_goals sg ON sg.id = t.goal
WHERE t.user = :user AND t.date BETWEEN :first AND :last AND (sg.id IS NOT NULL OR (t.goal = '' AND EXISTS (
  SELECT 1 FROM todos o WHERE o.user = :user AND o.date BETWEEN :first AND :last AND +o.goal = '' AND ` + visibility.SeenBySQL("o", ":auth") + `)))
GROUP BY t.date, goal_color`

	calendarDiariesDirectSQL = `SELECT d.date, d.emoji FROM diaries d
WHERE d.user = :user AND d.date BETWEEN :first AND :last AND ` + visibility.SeenBySQL("d", ":auth")
)

func (c *calendar) queryDirect(query string) (*sql.Rows, error) {
	return c.statements.query(c.ctx, c.app, query,
		sql.Named("auth", c.info.Auth.Id), sql.Named("user", c.user),
		sql.Named("first", c.first), sql.Named("last", c.last))
}

func (c *calendar) userVisibleDirect() (bool, error) {
	rows, err := c.queryDirect(calendarUserDirectSQL)
	if err != nil {
		return false, fmt.Errorf("calendar user %s: %w", c.user, err)
	}
	defer rows.Close()

	found := rows.Next()
	return found, rows.Err()
}

func (c *calendar) talliesDirect() ([]calendarTally, error) {
	rows, err := c.queryDirect(calendarTodosDirectSQL)
	tallies, err := scanAll(rows, err, func(rows *sql.Rows) (calendarTally, error) {
		var tally calendarTally
		err := rows.Scan(&tally.Date, &tally.Color, &tally.Total, &tally.Done)
		return tally, err
	})
	if err != nil {
		return nil, fmt.Errorf("calendar todos: %w", err)
	}
	return tallies, nil
}

func (c *calendar) emojisDirect() ([]calendarEmoji, error) {
	rows, err := c.queryDirect(calendarDiariesDirectSQL)
	emojis, err := scanAll(rows, err, func(rows *sql.Rows) (calendarEmoji, error) {
		var e calendarEmoji
		err := rows.Scan(&e.Date, &e.Emoji)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("calendar diaries: %w", err)
	}
	return emojis, nil
}
