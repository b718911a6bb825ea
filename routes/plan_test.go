package routes_test

import (
	"strings"
	"testing"

	"github.com/todomate/todomate/internal/apitest"
	"github.com/todomate/todomate/internal/fixture"
)

// Every query of the routes is an index search, and their number does not
// grow with the page: no query per friend or per todo. (Without ANALYZE
// statistics SQLite plans by the schema alone, so the plans of this small
// world are those of a big one; the README has the plans on the seeded
// benchmark community.)
func TestRoutesQueriesAreFewIndexSearches(t *testing.T) {
	cases := []struct {
		name       string
		username   string
		urls       []string // the same work at different page sizes
		maxQueries int      // the auth record's lookup included
	}{
		{"friends", "vic", []string{"/api/todomate/friends"}, 2},
		{"feed", "vic", []string{
			"/api/todomate/feed?date=" + fixture.Day + "&perPage=1",
			"/api/todomate/feed?date=" + fixture.Day + "&perPage=2",
			"/api/todomate/feed?date=" + fixture.Day + "&perPage=100",
		}, 5},
		{"calendar of a friend", "vic", []string{"/api/todomate/users/" + fixture.CircleMaxId + "/calendar?month=2026-11"}, 4},
		{"own calendar", "vic", []string{"/api/todomate/users/" + fixture.CircleVicId + "/calendar?month=2026-11"}, 4},
	}

	for _, c := range cases {
		for _, rules := range []string{"direct SQL", "through the rules"} {
			t.Run(c.name+"/"+rules, func(t *testing.T) {
				app := fixture.NewCircleApp(t)
				if rules == "through the rules" {
					app = fixture.NewRestatedCircleApp(t)
				}
				defer app.Cleanup()

				handler := apitest.Handler(t, app)
				token := fixture.Token(t, app, c.username)

				counts := map[int]bool{}
				for _, url := range c.urls {
					queries := apitest.RecordQueries(app, func() { apitest.GetAs(t, handler, token, url) })

					if len(queries) > c.maxQueries {
						t.Errorf("%s: %d queries, want at most %d:\n%s", url, len(queries), c.maxQueries, strings.Join(queries, "\n"))
					}
					counts[len(queries)] = true

					for _, query := range queries {
						plan := apitest.QueryPlan(t, app, query)
						if scans := apitest.TableScans(plan); len(scans) > 0 {
							t.Errorf("%s: %v in\n%s", url, scans, query)
						}
						if wide := apitest.WholeDays(plan); len(wide) > 0 {
							t.Errorf("%s: %v (a day of everybody's) in\n%s", url, wide, query)
						}
					}
				}

				if len(counts) != 1 {
					t.Errorf("the number of queries changes with the page size: %v", counts)
				}
			})
		}
	}
}

// The routes' busiest searches read an index alone, whoever asks: the
// calendar counts a month of todos from the (user, date, sort, goal,
// is_checked) index without reading a row (calendar_direct.go); the feed
// reads its friends' todos from the index of the todos not "me", whose
// condition it states (visibility.SeenByFriendSQL; pb_migrations/
// 1795600200_todos_shared_index_feed.go), and finds each todo's goal,
// title and colour, in one index (pb_migrations/1795600170_goals_feed_index.go).
func TestRoutesSearchesReadTheIndexAlone(t *testing.T) {
	cases := []struct {
		name, url string
		viewers   []string
		query     string   // in the SQL of the search
		searches  []string // in its plan
	}{
		{"calendar", "/api/todomate/users/" + fixture.CircleMaxId + "/calendar?month=2026-11", []string{"vic", "max", "zoe", "pat"},
			"seen_goals", []string{"SEARCH t USING COVERING INDEX idx_todos_user_date_sort_goal_checked"}},
		// pat has no friends, so no feed to read
		{"feed", "/api/todomate/feed?date=" + fixture.Day, []string{"vic", "max", "zoe"},
			"CROSS JOIN todos t", []string{
				"SEARCH t USING COVERING INDEX idx_todos_shared_date_user_sort (date=? AND user=?)",
				"SEARCH g USING COVERING INDEX idx_goals_id_user_color_title",
			}},
	}
	app := fixture.NewCircleApp(t)
	defer app.Cleanup()
	handler := apitest.Handler(t, app)

	for _, c := range cases {
		for _, viewer := range c.viewers {
			token := fixture.Token(t, app, viewer)
			queries := apitest.RecordQueries(app, func() {
				apitest.GetAs(t, handler, token, c.url)
			})
			found := false
			for _, query := range queries {
				if !strings.Contains(query, c.query) {
					continue
				}
				found = true
				plan := strings.Join(apitest.QueryPlan(t, app, query), "\n")
				for _, search := range c.searches {
					if !strings.Contains(plan, search) {
						t.Errorf("%s as %s: no %q in\n%s", c.name, viewer, search, plan)
					}
				}
			}
			if !found {
				t.Errorf("%s as %s: no query with %q among\n%s", c.name, viewer, c.query, strings.Join(queries, "\n"))
			}
		}
	}
}
