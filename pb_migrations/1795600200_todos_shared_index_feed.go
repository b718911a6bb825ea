package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The feed reads a friend's todos of a day through the (date, user, sort)
// index of the todos not "me" (1795600060), then each row from the table
// for what it shows: at 10,000 users the table rows of the 200 benchmark
// viewers' friends (about 3,300) no longer fit a 32 MB page cache, and the
// feed missed 48 pages a request (none at 1,000). The index now carries
// what the feed shows of a todo and its level, so the feed reads no row;
// and as it is led by the date, one day's todos of everybody are one
// stretch of it, which the feeds of that day share. Same name and
// condition; the feed states the condition (visibility.SeenByFriendSQL).
// _like_count is the column the likes' triggers keep (1795600180).
const (
	todosSharedIndex        = "idx_todos_shared_date_user_sort"
	todosSharedIndexFeed    = "date, user, sort, goal, is_checked, id, contents, proof, created, _like_count, visibility"
	todosSharedIndexBefore  = "date, user, sort"
	todosSharedIndexNotMine = `visibility IS NOT 'me'`
)

func init() {
	m.Register(func(app core.App) error {
		return replaceIndex(app, "todos", todosSharedIndex, todosSharedIndex, todosSharedIndexFeed, todosSharedIndexNotMine)
	}, func(app core.App) error {
		return replaceIndex(app, "todos", todosSharedIndex, todosSharedIndex, todosSharedIndexBefore, todosSharedIndexNotMine)
	})
}
