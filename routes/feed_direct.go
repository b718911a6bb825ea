package routes

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/visibility"
)

// The feed's direct SQL, for the rules as migrated (package visibility).
// The rows come from the viewer's friends (f). A todo or diary shows when
// the viewer is in its audience, which for a friend is when it is not "me"
// (visibility.SeenByFriendSQL, the rule restated for friends): that leaves
// out a private diary and a todo under a private goal, and alone decides,
// so the friend's own row of the pair (collections.Friendships) is not
// read again. A todo's goal is its author's own, and as visible as the
// todo. What the feed reads of a todo is in the (date, user, ...) index of
// todos not "me", so the todos statement reads no todos row: at 10,000
// users a row a friend was a page-cache miss a friend (bench/README.md).
//
// A todo's likes are visible to whoever sees the todo but for those of a
// liker in a block with them (the likes rule): those are left out
// (feed_cheers.go).
//
// CROSS JOIN fixes the join order for SQLite: from the viewer's friendships
// to the friends' day, never from the whole day's rows to the friendships.
// The rows are put in the feed's order in Go (feedOrder): SQLite's sorter
// cost a fifth of the todos' SQL.
var (
	feedTodosDirectSQL = `SELECT t.id, t.user, t.contents, t.is_checked,
  coalesce(g.id, ''), coalesce(g.title, ''), coalesce(g.color, ''), t.proof, t.sort, t.created,
  ` + todoCheersSQL("t", ":auth") + `
FROM friendships f
CROSS JOIN todos t ON t.user = f.friend AND t.date = :date
LEFT JOIN goals g ON g.id = t.goal AND g.user = t.user
WHERE f.user = :auth AND f.friend != f.user AND ` + visibility.SeenByFriendSQL("t")

	feedDiariesDirectSQL = `SELECT d.id, d.user, d.emoji, d.content, d.photos,
  ` + cheersSQL(collections.LikesFieldDiary, "d.id", ":auth") + `
FROM friendships f
CROSS JOIN diaries d ON d.user = f.friend AND d.date = :date
WHERE f.user = :auth AND f.friend != f.user AND ` + visibility.SeenByFriendSQL("d")
)

// FeedSQL are the feed's direct queries, with the named parameters :auth
// and :date: the friends by username, their todos and their diaries of the
// day. bench/refserver serves the same SQL without PocketBase.
var FeedSQL = struct{ Friends, Todos, Diaries string }{friendsDirectSQL, feedTodosDirectSQL, feedDiariesDirectSQL}

func (f *feed) queryDirect(query string) (*sql.Rows, error) {
	return f.statements.query(f.ctx, f.app, query, sql.Named("auth", f.info.Auth.Id), sql.Named("date", f.date))
}

func (f *feed) todosDirect() ([]*feedTodo, error) {
	rows, err := f.queryDirect(feedTodosDirectSQL)
	todos, err := scanAll(rows, err, func(rows *sql.Rows) (*feedTodo, error) {
		todo, goal := &feedTodo{}, &feedGoal{}
		err := rows.Scan(&todo.Id, &todo.User, &todo.Contents, &todo.IsChecked,
			&goal.Id, &goal.Title, &goal.Color, &todo.Proof, &todo.Sort, &todo.Created, &todo.Cheers)
		todo.Tally()
		if goal.Id != "" {
			todo.Goal = goal
		}
		return todo, err
	})
	if err != nil {
		return nil, fmt.Errorf("feed todos: %w", err)
	}
	slices.SortFunc(todos, feedOrder)
	return todos, nil
}

func (f *feed) diariesDirect() ([]*feedDiary, error) {
	rows, err := f.queryDirect(feedDiariesDirectSQL)
	diaries, err := scanAll(rows, err, func(rows *sql.Rows) (*feedDiary, error) {
		diary := &feedDiary{}
		var photos []byte
		if err := rows.Scan(&diary.Id, &diary.User, &diary.Emoji, &diary.Content, &photos, &diary.Cheers); err != nil {
			return nil, err
		}
		diary.Tally()
		if len(photos) > 0 {
			if err := json.Unmarshal(photos, &diary.Photos); err != nil {
				return nil, fmt.Errorf("photos of diary %s: %w", diary.Id, err)
			}
		}
		return diary, nil
	})
	if err != nil {
		return nil, fmt.Errorf("feed diaries: %w", err)
	}
	return diaries, nil
}
