package seed_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/todomate/todomate/internal/fixture"
)

// TestSeededCommunityUnderTheRules reads a seeded user's todos through the
// API as the owner, a friend and a stranger: the seed writes what the hooks
// would have (self and friend rows in friendships, ...), so the API rules
// must see it as they see data made through the API.
func TestSeededCommunityUnderTheRules(t *testing.T) {
	opts := small
	opts.Seed = 11
	factory := func(t testing.TB) *tests.TestApp { return fixture.NewSeededApp(t, "seed-rules", opts) }

	app := factory(t)
	defer app.Cleanup()

	var owner, ownerName, friend, stranger string
	var all, visible int
	query := func(sql string, dest ...any) {
		t.Helper()
		if err := app.DB().NewQuery(sql).Bind(dbx.Params{"owner": owner}).Row(dest...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	// the first user with todos under a private goal
	query(`SELECT u.id, u.username FROM users u
		WHERE EXISTS (SELECT 1 FROM todos t JOIN goals g ON g.id = t.goal WHERE t.user = u.id AND g.private)
		ORDER BY u.username LIMIT 1`, &owner, &ownerName)
	query(`SELECT u.username FROM friendships f JOIN users u ON u.id = f.friend
		WHERE f.user = {:owner} AND f.friend != f.user ORDER BY u.username LIMIT 1`, &friend)
	query(`SELECT username FROM users u WHERE u.id != {:owner}
		AND NOT EXISTS (SELECT 1 FROM follows WHERE follower = u.id AND following = {:owner})
		AND NOT EXISTS (SELECT 1 FROM follows WHERE follower = {:owner} AND following = u.id)
		ORDER BY username LIMIT 1`, &stranger)
	query(`SELECT count(*), count(*) FILTER (WHERE g.private IS NOT 1) FROM todos t
		LEFT JOIN goals g ON g.id = t.goal WHERE t.user = {:owner}`, &all, &visible)
	if visible == 0 || visible == all {
		t.Fatalf("%s has %d todos, %d of them visible to friends: the scenario proves nothing", ownerName, all, visible)
	}

	list := "/api/collections/todos/records?perPage=1&filter=" + url.QueryEscape(fmt.Sprintf("user='%s'", owner))
	for _, s := range []struct {
		username string
		want     int
	}{
		{ownerName, all},
		{friend, visible},
		{stranger, 0},
	} {
		scenario := tests.ApiScenario{
			Name:            fmt.Sprintf("%s lists %s's todos", s.username, ownerName),
			Method:          http.MethodGet,
			URL:             list,
			Headers:         map[string]string{"Authorization": fixture.Token(t, app, s.username)},
			ExpectedStatus:  200,
			ExpectedContent: []string{fmt.Sprintf(`"totalItems":%d,`, s.want)},
			TestAppFactory:  factory,
		}
		scenario.Test(t)
	}
}
