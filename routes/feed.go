package routes

import (
	"cmp"
	"context"
	"net/http"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/todomate/todomate/collections"
)

type feedResponse struct {
	Date    string
	Page    int
	PerPage int
	Items   []*feedItem
}

// feedItem is one friend's day: their visible todos and visible diary.
type feedItem struct {
	User  publicUser
	Todos []*feedTodo
	Diary *feedDiary
}

type feedTodo struct {
	Id        string    `db:"id"`
	User      string    `db:"user"`
	Contents  string    `db:"contents"`
	IsChecked bool      `db:"is_checked"`
	GoalId    string    `db:"goal"`
	Goal      *feedGoal `db:"-"`
	// Proof is the file name of the todo's proof photo, "" when none: a
	// protected file, fetched with a file token of whoever sees the todo
	Proof string `db:"proof"`
	FeedCheers
	Sort    int    `db:"sort"`
	Created string `db:"created"`
}

// feedOrder is the feed's order of todos: by sort, then created, then id
// (the through-the-rules path asks SQL for the same).
func feedOrder(a, b *feedTodo) int {
	return cmp.Or(cmp.Compare(a.Sort, b.Sort), strings.Compare(a.Created, b.Created), strings.Compare(a.Id, b.Id))
}

type feedGoal struct {
	Id    string `db:"id"`
	Title string `db:"title"`
	Color string `db:"color"`
}

type feedDiary struct {
	Id      string                  `db:"id"`
	User    string                  `db:"user"`
	Emoji   string                  `db:"emoji"`
	Content string                  `db:"content"`
	Photos  types.JSONArray[string] `db:"photos"`
	FeedCheers
}

// feedList answers GET /api/todomate/feed: for one day, each friend who has
// a visible todo or a visible diary that day, by username, a page of
// friends at a time.
//
// It is three queries (and PocketBase's lookup of the auth record) whatever
// the page size: the friends, their todos of the day with goals and like
// counts, their diaries of the day with like counts (four by the rules: the
// goals on their own). Every table is read through an index search; the
// query plans are in the README. The page is cut from the friends who have
// anything visible that day, in Go: a friend list is small, and one pass
// over it is cheaper than asking SQLite per friend whether they have a
// visible todo or diary.
//
// With the rules as migrated, answers are kept in cache (feed_cache.go)
// until something they show changes; a request with "Cache-Control:
// no-cache" is answered from the database (and kept).
func feedList(e *core.RequestEvent, statements *preparedStatements, cache *feedCache, queue readQueue) error {
	query := e.Request.URL.Query()
	params := newQueryParams(query)
	date := params.day("date")
	page := params.intIn("page", 1, 1, maxPage)
	perPage := params.intIn("perPage", feedDefaultPerPage, 1, feedMaxPerPage)
	if err := params.err(); err != nil {
		return e.BadRequestError("Invalid feed query.", err)
	}

	info, err := e.RequestInfo()
	if err != nil {
		return e.BadRequestError("", err)
	}

	f := &feed{
		app:        e.App,
		ctx:        e.Request.Context(),
		info:       info,
		date:       date,
		direct:     canQueryDirectly(e.App, info, collections.RoutesRead...),
		statements: statements,
	}

	// (answers through edited rules are not kept; nor those cut down to
	// some fields by PocketBase's ?fields=)
	kept := f.direct && query.Get(jsonFieldsParam) == ""
	key := feedKey{viewer: info.Auth.Id, date: date, page: page, perPage: perPage}
	if kept && !noCache(e.Request) {
		if body := cache.get(key); body != nil {
			return e.Blob(http.StatusOK, "application/json", body)
		}
	}
	at := cache.now()

	var items []*feedItem
	err = queue.run(e.Request.Context(), func() (err error) {
		items, err = f.load(page, perPage)
		return err
	})
	if err != nil {
		return e.InternalServerError("Failed to load the feed.", err)
	}
	answer := feedResponse{Date: date, Page: page, PerPage: perPage, Items: items}
	if !kept {
		return e.JSON(http.StatusOK, answer)
	}

	body := answer.appendJSON(make([]byte, 0, feedBodySize))
	cache.put(key, at, append(f.friendIds, info.Auth.Id), body)

	return e.Blob(http.StatusOK, "application/json", body)
}

// feed is one request's feed: whose it is (info.Auth) and which day.
type feed struct {
	app  core.App
	ctx  context.Context
	info *core.RequestInfo
	date string
	// direct: read with feed_direct.go's SQL, which restates the
	// collections' rules as migrated, rather than through the rules
	direct     bool
	statements *preparedStatements

	friendIds []string // once loaded: every friend's, on this page or not
}

// params are the routes' own parameters, shared by the feed's queries.
func (f *feed) params() dbx.Params {
	return dbx.Params{"tm_auth": f.info.Auth.Id, "tm_date": f.date}
}

func (f *feed) load(page, perPage int) ([]*feedItem, error) {
	friends, err := f.friends()
	if err != nil || len(friends) == 0 {
		return []*feedItem{}, err
	}
	for _, friend := range friends {
		f.friendIds = append(f.friendIds, friend.Id)
	}

	byUser := make(map[string]*feedItem, len(friends))
	for _, friend := range friends {
		byUser[friend.Id] = &feedItem{User: friend, Todos: []*feedTodo{}}
	}

	todos, err := f.todos()
	if err != nil {
		return nil, err
	}
	for _, todo := range todos {
		if item := byUser[todo.User]; item != nil {
			item.Todos = append(item.Todos, todo)
		}
	}

	diaries, err := f.diaries()
	if err != nil {
		return nil, err
	}
	for _, diary := range diaries {
		if item := byUser[diary.User]; item != nil {
			if diary.Photos == nil {
				diary.Photos = types.JSONArray[string]{}
			}
			item.Diary = diary
		}
	}

	// friends are by username already; keep those with something to show
	withDay := make([]*feedItem, 0, len(friends))
	for _, friend := range friends {
		if item := byUser[friend.Id]; len(item.Todos) > 0 || item.Diary != nil {
			withDay = append(withDay, item)
		}
	}

	from := (int64(page) - 1) * int64(perPage)
	if from >= int64(len(withDay)) {
		return []*feedItem{}, nil
	}
	to := min(from+int64(perPage), int64(len(withDay)))

	return withDay[from:to], nil
}

func (f *feed) friends() ([]publicUser, error) {
	if f.direct {
		return friendsDirect(f.ctx, f.app, f.statements, f.info.Auth.Id)
	}
	return friendsByUsername(f.app, f.info)
}

// todos are the visible todos of the auth user's friends on the day, by
// sort then created, each with its goal, like count and whether the auth
// user liked it. A todo's likes are visible to whoever sees the todo but for
// those of a liker in a block with them (the likes rule): those are not
// counted.
func (f *feed) todos() ([]*feedTodo, error) {
	if f.direct {
		return f.todosDirect()
	}

	query, err := listableQuery(f.app, f.info, collections.Todos,
		"todos.id", "todos.user", "todos.contents", "todos.is_checked", "todos.goal", "todos.proof", "todos.sort", "todos.created",
		cheersSQL(collections.LikesFieldTodo, "[[todos.id]]", "{:tm_auth}")+" AS cheers",
	)
	if err != nil {
		return nil, err
	}

	todos := []*feedTodo{}
	err = query.
		AndWhere(friendsOf("todos.user", f.info.Auth.Id)).
		AndWhere(dbx.NewExp("[[todos.date]] = {:tm_date}")).
		AndBind(f.params()).
		OrderBy("todos.sort", "todos.created", "todos.id").
		All(&todos)
	if err != nil {
		return nil, err
	}
	for _, todo := range todos {
		todo.Tally()
	}

	return todos, f.attachGoals(todos)
}

// attachGoals sets each todo's goal, read through the goals' own rule (not
// inferred from the todo's visibility: the two rules are separate).
func (f *feed) attachGoals(todos []*feedTodo) error {
	ids := []any{}
	seen := map[string]bool{}
	for _, todo := range todos {
		if todo.GoalId != "" && !seen[todo.GoalId] {
			seen[todo.GoalId] = true
			ids = append(ids, todo.GoalId)
		}
	}
	if len(ids) == 0 {
		return nil
	}

	query, err := listableQuery(f.app, f.info, collections.Goals, "goals.id", "goals.title", "goals.color")
	if err != nil {
		return err
	}

	goals := []*feedGoal{}
	if err := query.AndWhere(dbx.In("goals.id", ids...)).All(&goals); err != nil {
		return err
	}

	byId := make(map[string]*feedGoal, len(goals))
	for _, goal := range goals {
		byId[goal.Id] = goal
	}
	for _, todo := range todos {
		todo.Goal = byId[todo.GoalId]
	}

	return nil
}

// diaries are the visible diaries of the auth user's friends on the day
// (one each at most), with like counts as for todos.
func (f *feed) diaries() ([]*feedDiary, error) {
	if f.direct {
		return f.diariesDirect()
	}

	query, err := listableQuery(f.app, f.info, collections.Diaries,
		"diaries.id", "diaries.user", "diaries.emoji", "diaries.content", "diaries.photos",
		cheersSQL(collections.LikesFieldDiary, "[[diaries.id]]", "{:tm_auth}")+" AS cheers",
	)
	if err != nil {
		return nil, err
	}

	diaries := []*feedDiary{}
	err = query.
		AndWhere(friendsOf("diaries.user", f.info.Auth.Id)).
		AndWhere(dbx.NewExp("[[diaries.date]] = {:tm_date}")).
		AndBind(f.params()).
		All(&diaries)
	for _, diary := range diaries {
		diary.Tally()
	}

	return diaries, err
}
