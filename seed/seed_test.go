package seed_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/hooks"
	"github.com/todomate/todomate/internal/fixture"
	"github.com/todomate/todomate/seed"
)

// small is a community small enough for a unit test and big enough that
// every kind of record and relation occurs.
var small = seed.Options{
	Users:          40,
	TodosPerUser:   15,
	Days:           7,
	EndDay:         "2026-11-24",
	FriendsPerUser: 6,
	OneWayPerUser:  2,
	LikesPerUser:   8,
	GoalsPerUser:   2,
	PrivateShare:   0.3,
	Seed:           7,
}

func seeded(t *testing.T, opts seed.Options) (*tests.TestApp, seed.Summary) {
	t.Helper()

	app := fixture.NewEmptyApp(t)
	t.Cleanup(app.Cleanup)

	sum, err := seed.Run(context.Background(), app, opts, nil)
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	return app, sum
}

func count(t *testing.T, app core.App, sql string) int {
	t.Helper()
	var n int
	if err := app.DB().NewQuery(sql).Row(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func TestRunWritesTheCommunity(t *testing.T) {
	app, sum := seeded(t, small)

	for table, want := range map[string]int{
		collections.Users:       sum.Users,
		collections.Goals:       sum.Goals,
		collections.Todos:       sum.Todos,
		collections.Diaries:     sum.Diaries,
		collections.Likes:       sum.Likes,
		collections.Follows:     sum.Follows,
		collections.Friendships: sum.Friendships,
	} {
		if got := count(t, app, "SELECT count(*) FROM "+table); got != want || got == 0 {
			t.Errorf("%s: %d rows, summary says %d", table, got, want)
		}
	}
	if sum.Users != 40 || sum.Goals != 80 || sum.Todos != 600 {
		t.Errorf("users/goals/todos = %d/%d/%d, want 40/80/600", sum.Users, sum.Goals, sum.Todos)
	}

	// everyone has exactly FriendsPerUser friends, and one-way follows on top
	if n := count(t, app, `SELECT count(*) FROM (SELECT user FROM friendships WHERE user != friend GROUP BY user HAVING count(*) != 6)`); n != 0 {
		t.Errorf("%d users without exactly 6 friends", n)
	}
	if n := count(t, app, `SELECT count(*) FROM friendships WHERE user = friend`); n != 40 {
		t.Errorf("%d self friendships, want one per user", n)
	}
	if sum.Friendships != 40+40*6 || sum.FriendPairs != 40*6/2 || sum.Follows != 40*6+40*2 {
		t.Errorf("friendships %d (%d pairs), follows %d; want 280 (120) and 320", sum.Friendships, sum.FriendPairs, sum.Follows)
	}
	if n := count(t, app, `SELECT count(*) FROM goals WHERE private`); n == 0 {
		t.Error("no private goal: the privacy paths are not exercised")
	}
	if n := count(t, app, `SELECT count(*) FROM todos WHERE date NOT BETWEEN '2026-11-18' AND '2026-11-24'`); n != 0 {
		t.Errorf("%d todos outside the 7 days up to EndDay", n)
	}

	if err := seed.Check(app); err != nil {
		t.Fatal(err)
	}
}

func TestRunLoginsWork(t *testing.T) {
	app, sum := seeded(t, small)

	if sum.Password != "password123" || len(sum.DemoLogins) != 3 || sum.DemoLogins[0] != "user0001" {
		t.Fatalf("password %q, demo logins %v", sum.Password, sum.DemoLogins)
	}
	for _, username := range []string{"user0001", "user0040"} {
		user, err := app.FindAuthRecordByEmail(collections.Users, username+"@example.com")
		if err != nil {
			t.Fatalf("%s: %v", username, err)
		}
		if !user.ValidatePassword(seed.Password) || user.ValidatePassword("password124") {
			t.Errorf("%s: the password does not check out", username)
		}
	}
	// one hash for all, but a token key each: logging one out logs out one
	if n := count(t, app, `SELECT count(DISTINCT tokenKey) FROM users`); n != 40 {
		t.Errorf("%d distinct token keys for 40 users", n)
	}
}

// digest is every seeded row's content, independent of insertion order.
func digest(t *testing.T, app core.App) string {
	t.Helper()
	var parts []string
	for _, q := range []string{
		`SELECT group_concat(id || user || contents || date || goal || sort || is_checked, ',') FROM (SELECT * FROM todos ORDER BY id)`,
		`SELECT group_concat(id || user || todo || diary || emoji, ',') FROM (SELECT * FROM likes ORDER BY id)`,
		`SELECT group_concat(id || follower || following, ',') FROM (SELECT * FROM follows ORDER BY id)`,
		`SELECT group_concat(id || username || name, ',') FROM (SELECT * FROM users ORDER BY id)`,
	} {
		var s string
		if err := app.DB().NewQuery(q).Row(&s); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "|")
}

func TestRunIsDeterministic(t *testing.T) {
	first, _ := seeded(t, small)
	again, _ := seeded(t, small)
	other := small
	other.Seed++
	different, _ := seeded(t, other)

	if digest(t, first) != digest(t, again) {
		t.Error("same options and seed gave different data")
	}
	if digest(t, first) == digest(t, different) {
		t.Error("another seed gave the same data")
	}
}

func TestRunRefusesDataUnlessForced(t *testing.T) {
	app, sum := seeded(t, small)

	_, err := seed.Run(context.Background(), app, small, nil)
	if !errors.Is(err, seed.ErrNotEmpty) {
		t.Fatalf("second run without force: %v, want ErrNotEmpty", err)
	}
	if n := count(t, app, "SELECT count(*) FROM todos"); n != sum.Todos {
		t.Fatalf("refused run changed the todos: %d, had %d", n, sum.Todos)
	}

	forced := small
	forced.Force = true
	forced.Seed++
	again, err := seed.Run(context.Background(), app, forced, nil)
	if err != nil {
		t.Fatalf("forced run: %v", err)
	}
	// replaced, not added on top
	if n := count(t, app, "SELECT count(*) FROM todos"); n != again.Todos || n != sum.Todos {
		t.Fatalf("after --force: %d todos, want %d", n, again.Todos)
	}
	if n := count(t, app, "SELECT count(*) FROM users"); n != 40 {
		t.Fatalf("after --force: %d users, want 40", n)
	}
}

func TestRunRefusesAnyUser(t *testing.T) {
	app := fixture.NewApp(t, "one-user", func(b *fixture.Builder) { b.User("userlonely00000", "lonely") })
	t.Cleanup(app.Cleanup)

	if _, err := seed.Run(context.Background(), app, small, nil); !errors.Is(err, seed.ErrNotEmpty) {
		t.Fatalf("run on a database with a user: %v, want ErrNotEmpty", err)
	}
	if n := count(t, app, "SELECT count(*) FROM users"); n != 1 {
		t.Fatalf("%d users after a refused run, want 1", n)
	}
}

// TestCheckCatchesBrokenData breaks one invariant at a time in a seeded
// community: each must be reported, or Check proves nothing about a seed.
func TestCheckCatchesBrokenData(t *testing.T) {
	scenarios := []struct {
		name   string
		break_ func(t *testing.T, app core.App)
		want   string
	}{
		{"friendship without follows", func(t *testing.T, app core.App) {
			exec(t, app, `DELETE FROM follows WHERE rowid = (SELECT min(rowid) FROM follows)`)
		}, "mutual"},
		{"mutual follow without friendship", func(t *testing.T, app core.App) {
			exec(t, app, `DELETE FROM friendships WHERE rowid = (SELECT min(rowid) FROM friendships WHERE user != friend)`)
		}, "mutual follows without a friendship"},
		{"user without self friendship", func(t *testing.T, app core.App) {
			exec(t, app, `DELETE FROM friendships WHERE rowid = (SELECT min(rowid) FROM friendships WHERE user = friend)`)
		}, "users without their self friendship"},
		{"self follow", func(t *testing.T, app core.App) {
			exec(t, app, `UPDATE follows SET following = follower WHERE rowid = (SELECT max(rowid) FROM follows)`)
		}, "self follows"},
		{"todo under another user's goal", func(t *testing.T, app core.App) {
			exec(t, app, `UPDATE todos SET goal = (SELECT id FROM goals WHERE user != todos.user LIMIT 1) WHERE rowid = 1`)
		}, "goal that is not the author's"},
		{"duplicate like", func(t *testing.T, app core.App) {
			exec(t, app, `DROP INDEX idx_likes_user_todo`)
			exec(t, app, `INSERT INTO likes (id, user, todo, diary, emoji) SELECT 'dup' || substr(id, 4), user, todo, diary, emoji FROM likes WHERE todo != '' LIMIT 1`)
		}, "duplicate likes"},
		{"like of a private todo", func(t *testing.T, app core.App) {
			exec(t, app, `UPDATE goals SET visibility = 'me', private = TRUE WHERE id IN (SELECT t.goal FROM likes l JOIN todos t ON t.id = l.todo WHERE l.user != t.user AND t.goal != '')`)
			refreshAudiences(t, app) // as the hooks would: only the likes are wrong
		}, "todos the liker cannot see"},
		{"like of an unfriended user's diary", func(t *testing.T, app core.App) {
			// the owners of liked diaries unfollow their likers, and the
			// friendships follow the follows as the hooks would have it
			exec(t, app, `DELETE FROM follows WHERE EXISTS (SELECT 1 FROM likes l JOIN diaries d ON d.id = l.diary WHERE l.user != d.user AND follows.follower = d.user AND follows.following = l.user)`)
			exec(t, app, `DELETE FROM friendships WHERE user != friend AND (NOT EXISTS (SELECT 1 FROM follows a WHERE a.follower = friendships.user AND a.following = friendships.friend) OR NOT EXISTS (SELECT 1 FROM follows b WHERE b.follower = friendships.friend AND b.following = friendships.user))`)
			refreshAudiences(t, app)
		}, "the liker cannot see"},
		{"invalid day", func(t *testing.T, app core.App) {
			exec(t, app, `UPDATE todos SET date = '2026-02-30' WHERE rowid = 1`)
		}, "todo dates"},
		{"invalid emoji", func(t *testing.T, app core.App) {
			exec(t, app, `UPDATE diaries SET emoji = 'ok' WHERE rowid = 1`)
		}, "diary emojis"},
		{"untrimmed contents", func(t *testing.T, app core.App) {
			exec(t, app, `UPDATE todos SET contents = ' padded' WHERE rowid = 1`)
		}, "todo contents"},
	}

	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			app, _ := seeded(t, small)
			s.break_(t, app)

			err := seed.Check(app)
			if err == nil || !strings.Contains(err.Error(), s.want) {
				t.Fatalf("Check = %v, want an error about %q", err, s.want)
			}
		})
	}
}

func refreshAudiences(t *testing.T, app core.App) {
	t.Helper()
	if err := hooks.RefreshAudiences(app); err != nil {
		t.Fatal(err)
	}
}

func exec(t *testing.T, app core.App, sql string) {
	t.Helper()
	res, err := app.DB().NewQuery(sql).Execute()
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	if n, _ := res.RowsAffected(); n == 0 && !strings.HasPrefix(sql, "DROP") {
		t.Fatalf("%s changed nothing: the scenario breaks nothing", sql)
	}
}

// With routines, each user has RoutinesPerUser of them, and each routine's
// days are exactly its todos, under its goal's level like every todo.
func TestRunWritesRoutines(t *testing.T) {
	opts := small
	opts.RoutinesPerUser = 3
	app, sum := seeded(t, opts)

	if sum.Routines != 120 || count(t, app, "SELECT count(*) FROM routines") != 120 {
		t.Fatalf("routines: summary %d, want 120", sum.Routines)
	}
	routines, err := app.FindAllRecords(collections.Routines)
	if err != nil {
		t.Fatal(err)
	}
	days := 0
	for _, r := range routines {
		want := collections.RoutineDays(r.GetString("start"), r.GetString("end"), r.GetStringSlice("weekdays"))
		var got []string
		if err := app.DB().NewQuery("SELECT date FROM todos WHERE routine = {:r} ORDER BY date").
			Bind(map[string]any{"r": r.Id}).Column(&got); err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") || len(r.GetStringSlice("weekdays")) != 3 {
			t.Errorf("routine %s on %v: days %v, want %v", r.Id, r.GetStringSlice("weekdays"), got, want)
		}
		days += len(got)
	}
	if sum.Todos != 600+days {
		t.Errorf("todos %d, want the 600 plain ones and the %d routine days", sum.Todos, days)
	}
	if err := seed.Check(app); err != nil {
		t.Fatal(err)
	}
}
