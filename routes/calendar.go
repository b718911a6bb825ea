package routes

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"sort"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

type calendarResponse struct {
	Month string         `json:"month"`
	Days  []*calendarDay `json:"days"`
}

type calendarDay struct {
	Date  string  `json:"date"`
	Total int     `json:"total"`
	Done  int     `json:"done"`
	Emoji *string `json:"emoji"`
	// Colors are the colours the day is painted in: those of the goals of
	// its done todos, the colour of the most done todos first
	Colors []string `json:"colors"`
}

// calendarTally counts a day's visible todos of one goal colour (Color is
// "" for the todos with no goal).
type calendarTally struct {
	Date  string `db:"date"`
	Color string `db:"goal_color"`
	Total int    `db:"total"`
	Done  int    `db:"done"`
}

// calendarView answers GET /api/todomate/users/{id}/calendar: a month of
// one user at a glance, of what the auth user may see of it (their own,
// a friend's, or anyone's "everyone" things). A user who blocks the auth
// user is answered exactly as a user that does not exist.
//
// Three queries: the user (an id and their block list), their visible
// todos of the month counted per day and goal colour, their visible
// diaries of the month;
// with the rules as migrated, written out in calendar_direct.go.
func calendarView(e *core.RequestEvent, statements *preparedStatements, queue readQueue) error {
	params := newQueryParams(e.Request.URL.Query())
	month := params.month("month")
	if err := params.err(); err != nil {
		return e.BadRequestError("Invalid calendar query.", err)
	}

	info, err := e.RequestInfo()
	if err != nil {
		return e.BadRequestError("", err)
	}

	c := &calendar{
		app:        e.App,
		ctx:        e.Request.Context(),
		info:       info,
		statements: statements,
		user:       e.Request.PathValue("id"),
		// every stored day is a real one, so the month is a lexical range
		first: month + "-01",
		last:  month + "-31",
	}
	c.direct = canQueryDirectly(e.App, info, collections.RoutesRead...)

	var found bool
	var days []*calendarDay
	err = queue.run(e.Request.Context(), func() (err error) {
		found, err = c.userVisible()
		if err != nil || !found {
			return err
		}
		days, err = c.days()
		return err
	})
	if err != nil {
		return e.InternalServerError("Failed to load the calendar.", err)
	}
	if !found {
		return e.NotFoundError("", nil)
	}

	return e.JSON(http.StatusOK, calendarResponse{Month: month, Days: days})
}

type calendar struct {
	app         core.App
	ctx         context.Context
	info        *core.RequestInfo
	user        string
	first, last string
	// direct: read with calendar_direct.go's SQL, which restates the
	// collections' rules as migrated, rather than through the rules
	direct     bool
	statements *preparedStatements
}

// calendarEmoji is a day's diary emoji.
type calendarEmoji struct {
	Date  string `db:"date"`
	Emoji string `db:"emoji"`
}

func (c *calendar) params() dbx.Params {
	return dbx.Params{"tm_auth": c.info.Auth.Id, "tm_user": c.user, "tm_first": c.first, "tm_last": c.last}
}

// userVisible reports whether the user exists and may be viewed by the
// auth user (the users view rule).
func (c *calendar) userVisible() (bool, error) {
	if c.direct {
		return c.userVisibleDirect()
	}

	query, err := viewableQuery(c.app, c.info, collections.Users, "users.id")
	if err != nil {
		return false, err
	}

	var id string
	err = query.
		AndWhere(dbx.NewExp("[[users.id]] = {:tm_user}", c.params())).
		Limit(1).
		Row(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}

	return err == nil, err
}

// days are the days of the month with a visible todo or diary, in order.
func (c *calendar) days() ([]*calendarDay, error) {
	tallies, emojis, err := c.talliesAndEmojis()
	if err != nil {
		return nil, err
	}

	byDate := map[string]*calendarDay{}
	dayOf := func(date string) *calendarDay {
		day := byDate[date]
		if day == nil {
			day = &calendarDay{Date: date, Colors: []string{}}
			byDate[date] = day
		}
		return day
	}

	paintedByDate := map[string][]calendarTally{}
	for _, tally := range tallies {
		day := dayOf(tally.Date)
		day.Total += tally.Total
		day.Done += tally.Done
		if tally.Color != "" && tally.Done > 0 {
			paintedByDate[tally.Date] = append(paintedByDate[tally.Date], tally)
		}
	}
	for date, painted := range paintedByDate {
		byDate[date].Colors = paintColors(painted)
	}
	for _, diary := range emojis {
		dayOf(diary.Date).Emoji = &diary.Emoji
	}

	days := make([]*calendarDay, 0, len(byDate))
	for _, day := range byDate {
		days = append(days, day)
	}
	sort.Slice(days, func(i, j int) bool { return days[i].Date < days[j].Date })

	return days, nil
}

// paintColors are the colours of one day's tallies of done todos under a
// goal (one tally per colour), the colour of the most done todos first and
// ties by colour, so that the answer never depends on the rows' order.
func paintColors(painted []calendarTally) []string {
	sort.Slice(painted, func(i, j int) bool {
		if painted[i].Done != painted[j].Done {
			return painted[i].Done > painted[j].Done
		}
		return painted[i].Color < painted[j].Color
	})

	colors := make([]string, len(painted))
	for i, tally := range painted {
		colors[i] = tally.Color
	}
	return colors
}

// talliesAndEmojis are the visible todos of the month counted per day and
// goal colour, and the emojis of the visible diaries of the month.
func (c *calendar) talliesAndEmojis() ([]calendarTally, []calendarEmoji, error) {
	if c.direct {
		tallies, err := c.talliesDirect()
		if err != nil {
			return nil, nil, err
		}
		emojis, err := c.emojisDirect()
		return tallies, emojis, err
	}

	tallies, err := c.talliesByRules()
	if err != nil {
		return nil, nil, err
	}

	diaries, err := listableQuery(c.app, c.info, collections.Diaries, "diaries.date", "diaries.emoji")
	if err != nil {
		return nil, nil, err
	}

	emojis := []calendarEmoji{}
	err = diaries.
		AndWhere(dbx.NewExp("[[diaries.user]] = {:tm_user} AND [[diaries.date]] BETWEEN {:tm_first} AND {:tm_last}", c.params())).
		All(&emojis)
	if err != nil {
		return nil, nil, fmt.Errorf("calendar diaries: %w", err)
	}

	return tallies, emojis, nil
}

// talliesByRules counts the todos of the month that the todos rule lets the
// auth user list, per day and goal colour. The goals are joined to the
// visible todos only, outside the rule: a todo's visibility follows its
// goal's, so a visible todo may show its goal's colour, and a todo hidden
// by its goal lends the calendar nothing.
func (c *calendar) talliesByRules() ([]calendarTally, error) {
	todos, err := listableQuery(c.app, c.info, collections.Todos, "todos.id", "todos.date", "todos.is_checked", "todos.goal")
	if err != nil {
		return nil, err
	}
	todos.AndWhere(dbx.NewExp("[[todos.user]] = {:tm_user} AND [[todos.date]] BETWEEN {:tm_first} AND {:tm_last}", c.params()))

	// the rule's joins can repeat a todo (DISTINCT takes them out), so the
	// counting is done over the visible todos as a subquery
	built := todos.Build()
	tallies := []calendarTally{}
	err = c.app.DB().
		NewQuery("SELECT [[visible.date]] AS [[date]], coalesce([[g.color]], '') AS [[goal_color]], " +
			"count(*) AS [[total]], coalesce(sum([[visible.is_checked]]), 0) AS [[done]] " +
			"FROM (" + built.SQL() + ") [[visible]] " +
			"LEFT JOIN {{goals}} [[g]] ON [[g.id]] = [[visible.goal]] " +
			"GROUP BY [[visible.date]], [[goal_color]]").
		Bind(built.Params()).
		All(&tallies)
	if err != nil {
		return nil, fmt.Errorf("calendar todos: %w", err)
	}

	return tallies, nil
}
