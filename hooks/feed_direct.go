package hooks

import (
	"database/sql"
	"encoding/json"
	"fmt"
)

// The feed's direct SQL, for the rules as migrated (rules.go). Each
// statement restates ruleTodosVisible, ruleGoalsVisible or
// ruleDiariesVisible for a viewer who is not the owner:
//
//   - "the viewer is in the owner's audience": the viewer's rows in
//     friendships give the friends (f), and the row that puts the viewer
//     in the owner's audiences, (owner, viewer), is joined too (back): the
//     rows come in pairs, but audiences are made from this one;
//   - a todo under a goal shows only if the goal is not private, and the
//     goal is shown by its own rule: the owner's (a todo's goal is always
//     its author's own) and not private;
//   - a diary shows only if it is not private.
//
// A todo's likes are all visible to whoever sees the todo (ruleLikesVisible),
// so they are counted without a check of their own.
//
// CROSS JOIN fixes the join order for SQLite: from the viewer's friendships
// to the friends' day, never from the whole day's rows to the friendships.
const (
	feedTodosDirectSQL = `SELECT t.id, t.user, t.contents, t.is_checked,
  coalesce(g.id, ''), coalesce(g.title, ''), coalesce(g.color, ''),
  (SELECT count(*) FROM likes l WHERE l.todo = t.id),
  EXISTS (SELECT 1 FROM likes l WHERE l.user = :auth AND l.todo = t.id AND l.todo != '')
FROM friendships f
CROSS JOIN friendships back ON back.user = f.friend AND back.friend = f.user
CROSS JOIN todos t ON t.user = f.friend AND t.date = :date
LEFT JOIN goals g ON g.id = t.goal AND g.user = t.user AND g.private = 0
WHERE f.user = :auth AND f.friend != f.user
  AND (t.goal = '' OR t.goal IS NULL OR g.id IS NOT NULL)
ORDER BY t.sort, t.created, t.id`

	feedDiariesDirectSQL = `SELECT d.id, d.user, d.emoji, d.content, d.photos,
  (SELECT count(*) FROM likes l WHERE l.diary = d.id),
  EXISTS (SELECT 1 FROM likes l WHERE l.user = :auth AND l.diary = d.id AND l.diary != '')
FROM friendships f
CROSS JOIN friendships back ON back.user = f.friend AND back.friend = f.user
CROSS JOIN diaries d ON d.user = f.friend AND d.date = :date
WHERE f.user = :auth AND f.friend != f.user AND d.private = 0`
)

func (f *feed) queryDirect(query string) (*sql.Rows, error) {
	return f.statements.query(f.ctx, f.app, query, sql.Named("auth", f.info.Auth.Id), sql.Named("date", f.date))
}

func (f *feed) todosDirect() ([]*feedTodo, error) {
	rows, err := f.queryDirect(feedTodosDirectSQL)
	todos, err := scanAll(rows, err, func(rows *sql.Rows) (*feedTodo, error) {
		todo, goal := &feedTodo{}, &feedGoal{}
		err := rows.Scan(&todo.Id, &todo.User, &todo.Contents, &todo.IsChecked,
			&goal.Id, &goal.Title, &goal.Color, &todo.Likes, &todo.Liked)
		if goal.Id != "" {
			todo.Goal = goal
		}
		return todo, err
	})
	if err != nil {
		return nil, fmt.Errorf("feed todos: %w", err)
	}
	return todos, nil
}

func (f *feed) diariesDirect() ([]*feedDiary, error) {
	rows, err := f.queryDirect(feedDiariesDirectSQL)
	diaries, err := scanAll(rows, err, func(rows *sql.Rows) (*feedDiary, error) {
		diary := &feedDiary{}
		var photos []byte
		if err := rows.Scan(&diary.Id, &diary.User, &diary.Emoji, &diary.Content, &photos, &diary.Likes, &diary.Liked); err != nil {
			return nil, err
		}
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
