package routes_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/todomate/todomate/internal/apitest"
	"github.com/todomate/todomate/internal/fixture"
	"github.com/todomate/todomate/seed"
)

// directWorld is a seeded community with a lot of what the routes must
// leave out: a third of goals and diaries private, one-way follows, likes;
// and what strangers may see: a fifth of the others everyone's.
var directWorld = seed.Options{
	Users: 40, TodosPerUser: 40, Days: 5, EndDay: fixture.Day,
	FriendsPerUser: 6, OneWayPerUser: 3, DiaryShare: 0.6, PrivateShare: 0.3,
	EveryoneShare: 0.2, LikesPerUser: 25, GoalsPerUser: 3, Seed: 7,
}

// TestDirectRoutesMatchRules: with the rules as migrated, the routes read
// with their own SQL (feed_direct.go, calendar_direct.go), which restates
// the rules. Every answer of the routes, for every user of two worlds (the
// circle, built by hand around the edge cases, and a seeded community),
// must be the same, byte for byte, as the answer read through the rules
// themselves: the rules restated with a no-op condition added, which sends
// the routes through listableQuery.
func TestDirectRoutesMatchRules(t *testing.T) {
	worlds := []struct {
		name string
		app  func(t testing.TB) *tests.TestApp
		days []string
	}{
		{"circle", func(t testing.TB) *tests.TestApp { return fixture.NewCircleApp(t) },
			[]string{fixture.Day, fixture.OtherDay, fixture.CircleTodoMaxHiddenDay, "2026-11-23", "2026-10-31"}},
		{"seeded", func(t testing.TB) *tests.TestApp { return fixture.NewSeededApp(t, "direct", directWorld) },
			[]string{"2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24", fixture.Day, "2026-11-26"}},
	}

	paintedOfOthers := 0
	for _, world := range worlds {
		t.Run(world.name, func(t *testing.T) {
			app := world.app(t)
			defer app.Cleanup()
			apitest.RateLimitsOff(t, app)
			handler := apitest.Handler(t, app)

			var users []struct {
				Id       string `db:"id"`
				Username string `db:"username"`
			}
			if err := app.DB().Select("id", "username").From("users").OrderBy("username").All(&users); err != nil {
				t.Fatal(err)
			}
			if len(users) < 5 {
				t.Fatalf("%d users: too few", len(users))
			}
			requireHidden(t, app)

			// each user's requests: friends, the feed of each day (and a
			// second page of two), the month of everybody
			urls := func(viewer int) []string {
				list := []string{"/api/todomate/friends"}
				for _, day := range world.days {
					list = append(list,
						"/api/todomate/feed?date="+day,
						"/api/todomate/feed?date="+day+"&perPage=2&page=2")
				}
				for _, user := range users {
					list = append(list, "/api/todomate/users/"+user.Id+"/calendar?month=2026-11")
				}
				return list
			}

			answers := func() map[string]string {
				got := map[string]string{}
				for i, user := range users {
					token := fixture.Token(t, app, user.Username)
					for _, url := range urls(i) {
						req := httptest.NewRequest(http.MethodGet, url, nil)
						req.Header.Set("Authorization", token)
						rec := httptest.NewRecorder()
						handler.ServeHTTP(rec, req)
						got[user.Username+" "+url] = fmt.Sprintf("%d %s", rec.Code, rec.Body)
					}
				}
				return got
			}

			feedSQL := func() string {
				token := fixture.Token(t, app, users[0].Username)
				return strings.Join(apitest.RecordQueries(app, func() {
					apitest.GetAs(t, handler, token, "/api/todomate/feed?date="+world.days[0])
				}), "\n")
			}

			if sql := feedSQL(); !strings.Contains(sql, "CROSS JOIN todos") {
				t.Fatalf("with the rules as migrated the feed does not read with its own SQL:\n%s", sql)
			}
			direct := answers()

			fixture.RestateRoutesRules(t, app)
			if sql := feedSQL(); strings.Contains(sql, "CROSS JOIN todos") || !strings.Contains(sql, "audience]] LIKE") {
				t.Fatalf("with the rules restated the feed does not read through them:\n%s", sql)
			}
			byRules := answers()

			idOf := map[string]string{}
			for _, user := range users {
				idOf[user.Username] = user.Id
			}

			shown := 0
			for key, want := range byRules {
				if got := direct[key]; got != want {
					t.Errorf("%s:\n  direct SQL %s\n  the rules  %s", key, got, want)
				}
				if strings.Contains(want, `"todos":[{`) {
					shown++
				}
				viewer, url, _ := strings.Cut(key, " ")
				if strings.Contains(want, `"colors":["#`) && !strings.Contains(url, "/users/"+idOf[viewer]+"/") {
					paintedOfOthers++
				}
			}
			if shown == 0 {
				t.Fatal("no feed showed a todo: nothing compared")
			}
		})
	}

	// the circle has no done todo under a goal; the seeded world has many
	if paintedOfOthers == 0 {
		t.Error("no calendar of another user was painted with a goal's colour: no colours compared")
	}
}

// requireHidden fails unless the world has what the routes must leave out:
// todos under private goals, private diaries, and friends' todos liked.
func requireHidden(t *testing.T, app *tests.TestApp) {
	t.Helper()

	for what, query := range map[string]string{
		"todos under a private goal": "SELECT count(*) FROM todos t JOIN goals g ON g.id = t.goal WHERE g.private",
		"todos with no goal":         "SELECT count(*) FROM todos WHERE goal = ''",
		"private diaries":            "SELECT count(*) FROM diaries WHERE private",
		"liked todos":                "SELECT count(*) FROM likes WHERE todo != ''",
		"liked diaries":              "SELECT count(*) FROM likes WHERE diary != ''",
		"one-way follows": `SELECT count(*) FROM follows a WHERE NOT EXISTS
			(SELECT 1 FROM follows b WHERE b.follower = a.following AND b.following = a.follower)`,
	} {
		var n int
		if err := app.DB().NewQuery(query).Row(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Errorf("the world has no %s", what)
		}
	}
}
