package seed

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"

	"github.com/todomate/todomate/collections"
)

// Run writes the community of opts into app, which must have todomate's
// migrations applied. All of it is written in one transaction: a failed or
// cancelled run leaves the database as it was.
//
// Rows go in through dbx as prepared INSERTs rather than app.Save: saving
// 1M todos as models takes many minutes (see BenchmarkInsertTodos), since
// every save validates, runs hooks and queries the goal and relations. The
// guarantees that those saves give are kept another way: the generator
// builds only values that pass todomate's rules (friendships are derived
// from the users and follows exactly as the hooks derive them, and each
// goal, todo and diary goes in with the audience the hooks would give it),
// a sample of every collection is re-read and validated through
// PocketBase's record validation and todomate's validate hooks, and Check
// verifies the invariants of the whole data set with SQL before the
// transaction commits.
func Run(ctx context.Context, app core.App, opts Options, progress Progress) (Summary, error) {
	opts, err := opts.normalized()
	if err != nil {
		return Summary{}, err
	}
	if progress == nil {
		progress = func(string, int, int) {}
	}

	c := newCommunity(opts)
	var sum Summary

	var wiped bool
	err = app.RunInTransaction(func(tx core.App) error {
		w, err := prepare(tx, opts.Force)
		if err != nil {
			return err
		}
		wiped = w

		// the bulk is mostly B-tree maintenance of the indexes: a page
		// cache of 256 MB for this connection keeps more of it off the
		// disk; afterwards the connection gets PocketBase's 32 MB back
		if _, err := tx.DB().NewQuery("PRAGMA cache_size = -262144").Execute(); err != nil {
			return fmt.Errorf("seed: cache size: %w", err)
		}
		defer tx.DB().NewQuery("PRAGMA cache_size = -32000").Execute()

		stages := []struct {
			name  string
			write func(context.Context, core.App, *community, Progress) (int, error)
			count *int
		}{
			{"users", writeUsers, &sum.Users},
			{"goals", writeGoals, &sum.Goals},
			{"todos", writeTodos, &sum.Todos},
			{"routines", writeRoutines, &sum.Routines},
			{"diaries", writeDiaries, &sum.Diaries},
			{"follows", writeFollows, &sum.Follows},
			{"friendships", writeFriendships, &sum.Friendships},
			{"likes", writeLikes, &sum.Likes},
		}
		for _, stage := range stages {
			n, err := stage.write(ctx, tx, c, progress)
			if err != nil {
				return err
			}
			*stage.count = n
		}

		progress("check", 0, 2)
		if err := validateSample(ctx, tx); err != nil {
			return err
		}
		progress("check", 1, 2)
		if err := Check(tx); err != nil {
			return err
		}
		progress("check", 2, 2)

		return nil
	})
	if err != nil {
		return Summary{}, err
	}
	if wiped {
		if err := deleteFiles(app, collections.Users, collections.Diaries); err != nil {
			return Summary{}, err
		}
	}

	sum.FriendPairs = (sum.Friendships - sum.Users) / 2
	sum.Password = Password
	for i := 0; i < min(3, len(c.usernames)); i++ {
		sum.DemoLogins = append(sum.DemoLogins, c.usernames[i])
	}

	return sum, nil
}

// Username is the username of the i-th seeded user, counting from 0.
func Username(i int) string { return fmt.Sprintf("user%04d", i+1) }

func writeUsers(ctx context.Context, tx core.App, c *community, progress Progress) (int, error) {
	users, err := tx.FindCachedCollectionByNameOrId(collections.Users)
	if err != nil {
		return 0, fmt.Errorf("seed: %w", err)
	}

	// one bcrypt hash for everyone: hashing per user would take minutes
	probe := core.NewRecord(users)
	probe.SetPassword(Password)
	hash := probe.GetString(core.FieldNamePassword + ":hash")
	if hash == "" {
		return 0, fmt.Errorf("seed: could not hash the password")
	}

	ins := newInserter(ctx, tx.DB(), users.Name,
		core.FieldNameId, core.FieldNameEmail, core.FieldNameEmailVisibility, core.FieldNameVerified,
		core.FieldNamePassword, core.FieldNameTokenKey,
		collections.UsersFieldUsername, collections.UsersFieldName, collections.UsersFieldBio,
		collections.FieldCreated, collections.FieldUpdated)

	n := c.opts.Users
	c.userIds = make([]string, n)
	c.usernames = make([]string, n)
	for i := 0; i < n; i++ {
		id, username := c.newId(), Username(i)
		c.userIds[i], c.usernames[i] = id, username

		name := pick(c, firstNames) + " " + pick(c, lastNames)
		created := c.timestamp(0, -24*time.Hour+time.Duration(i)*time.Second)
		// the token key is a secret, not demo data: random, not seeded
		if err := ins.add(id, username+"@example.com", false, true, hash, security.RandomString(50),
			username, name, pick(c, bios), created, created); err != nil {
			return 0, err
		}
		if i%1000 == 0 {
			progress("users", i, n)
		}
	}
	if err := ins.flush(); err != nil {
		return 0, err
	}
	progress("users", n, n)

	// who follows whom, known before the records whose audiences it makes
	c.befriend()
	c.followOneWay()
	c.makeCircles()

	return ins.written, nil
}

func writeGoals(ctx context.Context, tx core.App, c *community, progress Progress) (int, error) {
	ins := newInserter(ctx, tx.DB(), collections.Goals,
		collections.FieldId, collections.FieldUser, collections.GoalsFieldTitle, collections.GoalsFieldColor,
		collections.FieldSort, collections.FieldPrivate, collections.FieldVisibility, collections.FieldCreated, collections.FieldUpdated,
		collections.FieldAudience)

	per := c.opts.GoalsPerUser
	n := len(c.userIds)
	for u := 0; u < n; u++ {
		first := c.rng.IntN(len(goalTitles))
		for g := 0; g < per; g++ {
			id := c.newId()
			title := goalTitles[(first+g)%len(goalTitles)]
			if round := g / len(goalTitles); round > 0 {
				title += " " + strconv.Itoa(round+1)
			}
			level := c.level()
			c.goalIds = append(c.goalIds, id)
			c.goalLevel = append(c.goalLevel, level)

			created := c.timestamp(0, -23*time.Hour+time.Duration(g)*time.Minute)
			if err := ins.add(id, c.userIds[u], title, pick(c, goalColors), g, level == collections.VisibilityMe, level, created, created,
				c.audience(u, level)); err != nil {
				return 0, err
			}
		}
		if u%1000 == 0 {
			progress("goals", u*per, n*per)
		}
	}
	if err := ins.flush(); err != nil {
		return 0, err
	}
	progress("goals", n*per, n*per)

	return ins.written, nil
}

func writeTodos(ctx context.Context, tx core.App, c *community, progress Progress) (int, error) {
	ins := newInserter(ctx, tx.DB(), collections.Todos,
		collections.FieldId, collections.FieldUser, collections.TodosFieldContents, collections.FieldDate,
		collections.TodosFieldIsChecked, collections.TodosFieldGoal, collections.FieldSort,
		collections.FieldCreated, collections.FieldUpdated, collections.FieldAudience, collections.FieldVisibility,
		collections.TodosFieldRoutine)

	per, days, goals := c.opts.TodosPerUser, c.opts.Days, c.opts.GoalsPerUser
	n := len(c.userIds)
	total := n * per
	c.todoIds = make([]string, 0, total)
	c.todoDay = make([]uint16, 0, total)
	c.todoHidden = make([]bool, 0, total)
	c.todoStart = make([]int32, 0, n+1)

	perDay := make([]int, days)
	for u := 0; u < n; u++ {
		c.todoStart = append(c.todoStart, int32(len(c.todoIds)))

		clear(perDay)
		for j := 0; j < per; j++ {
			perDay[c.rng.IntN(days)]++
		}
		var routines []seedRoutine
		if c.opts.RoutinesPerUser > 0 {
			routines = c.newRoutines(u)
			c.routines = append(c.routines, routines...)
		}

		for d := 0; d < days; d++ {
			// most past todos are done, fewer of today's
			doneShare := 0.75
			if d == days-1 {
				doneShare = 0.3
			}
			for s := 0; s < perDay[d]; s++ {
				id := c.newId()
				goal, level := "", collections.VisibilityFriends
				if goals > 0 && c.chance(0.7) {
					g := u*goals + c.rng.IntN(goals) // one of the author's own goals
					goal, level = c.goalIds[g], c.goalLevel[g]
				}
				hidden := level == collections.VisibilityMe
				c.todoIds = append(c.todoIds, id)
				c.todoDay = append(c.todoDay, uint16(d))
				c.todoHidden = append(c.todoHidden, hidden)

				created := c.timestamp(d, 7*time.Hour+time.Duration(s)*time.Minute)
				if err := ins.add(id, c.userIds[u], pick(c, todoContents), c.days[d],
					c.chance(doneShare), goal, s, created, created, c.audience(u, level), level, ""); err != nil {
					return 0, err
				}
			}
			// the day of each routine on it, after the day's other todos
			sort := perDay[d]
			for _, r := range routines {
				if !r.on(c, d) {
					continue
				}
				id := c.newId()
				c.todoIds = append(c.todoIds, id)
				c.todoDay = append(c.todoDay, uint16(d))
				c.todoHidden = append(c.todoHidden, r.level == collections.VisibilityMe)
				created := c.timestamp(0, time.Duration(sort)*time.Minute)
				if err := ins.add(id, c.userIds[u], r.contents, c.days[d], c.chance(doneShare), r.goal, sort,
					created, created, c.audience(u, r.level), r.level, r.id); err != nil {
					return 0, err
				}
				sort++
			}
		}
		if u%100 == 0 {
			progress("todos", len(c.todoIds), total)
		}
	}
	c.todoStart = append(c.todoStart, int32(len(c.todoIds)))
	if err := ins.flush(); err != nil {
		return 0, err
	}
	progress("todos", total, total)

	return ins.written, nil
}

func writeRoutines(ctx context.Context, tx core.App, c *community, progress Progress) (int, error) {
	ins := newInserter(ctx, tx.DB(), collections.Routines,
		collections.FieldId, collections.FieldUser, collections.RoutinesFieldContents, collections.RoutinesFieldGoal,
		collections.RoutinesFieldWeekdays, collections.RoutinesFieldStart, collections.RoutinesFieldEnd,
		collections.FieldCreated, collections.FieldUpdated)
	created := c.timestamp(0, 0)
	for i, r := range c.routines {
		weekdays, err := json.Marshal(r.weekdays)
		if err != nil {
			return 0, fmt.Errorf("seed: routine %s: %w", r.id, err)
		}
		if err := ins.add(r.id, r.user, r.contents, r.goal, string(weekdays), r.start, r.end, created, created); err != nil {
			return 0, err
		}
		if i%1000 == 0 {
			progress("routines", i, len(c.routines))
		}
	}
	if err := ins.flush(); err != nil {
		return 0, err
	}
	progress("routines", len(c.routines), len(c.routines))
	return ins.written, nil
}

func writeDiaries(ctx context.Context, tx core.App, c *community, progress Progress) (int, error) {
	ins := newInserter(ctx, tx.DB(), collections.Diaries,
		collections.FieldId, collections.FieldUser, collections.FieldDate, collections.FieldEmoji,
		collections.DiariesFieldContent, collections.FieldPrivate, collections.FieldVisibility, collections.FieldCreated, collections.FieldUpdated,
		collections.FieldAudience)

	n := len(c.userIds)
	c.diaryStart = make([]int32, 0, n+1)
	for u := 0; u < n; u++ {
		c.diaryStart = append(c.diaryStart, int32(len(c.diaryIds)))
		for d := range c.days {
			if !c.chance(c.opts.DiaryShare) {
				continue
			}
			id := c.newId()
			level := c.level()
			private := level == collections.VisibilityMe
			c.diaryIds = append(c.diaryIds, id)
			c.diaryDay = append(c.diaryDay, uint16(d))
			c.diaryPrivate = append(c.diaryPrivate, private)

			created := c.timestamp(d, 21*time.Hour)
			if err := ins.add(id, c.userIds[u], c.days[d], pick(c, emojis), pick(c, diaryContents),
				private, level, created, created, c.audience(u, level)); err != nil {
				return 0, err
			}
		}
		if u%1000 == 0 {
			progress("diaries", u, n)
		}
	}
	c.diaryStart = append(c.diaryStart, int32(len(c.diaryIds)))
	if err := ins.flush(); err != nil {
		return 0, err
	}
	progress("diaries", n, n)

	return ins.written, nil
}

func writeFollows(ctx context.Context, tx core.App, c *community, progress Progress) (int, error) {
	ins := newInserter(ctx, tx.DB(), collections.Follows,
		collections.FieldId, collections.FollowsFieldFollower, collections.FollowsFieldFollowing,
		collections.FieldCreated, collections.FieldUpdated)

	total := len(c.follows)
	for i, f := range c.follows {
		created := c.timestamp(0, -22*time.Hour+time.Duration(i%3600)*time.Second)
		if err := ins.add(c.newId(), c.userIds[f[0]], c.userIds[f[1]], created, created); err != nil {
			return 0, err
		}
		if i%10000 == 0 {
			progress("follows", i, total)
		}
	}
	if err := ins.flush(); err != nil {
		return 0, err
	}
	progress("follows", total, total)

	return ins.written, nil
}

// writeFriendships writes what the users and follows hooks would have:
// every user's self row (user = friend = the user: the rules read "the auth
// user is in the owner's friendships", which holds for the owner too), and
// two rows for every mutual follow.
func writeFriendships(ctx context.Context, tx core.App, c *community, progress Progress) (int, error) {
	ins := newInserter(ctx, tx.DB(), collections.Friendships,
		collections.FieldId, collections.FieldUser, collections.FriendshipsFieldFriend, collections.FieldCreated)

	pairs := c.mutual()
	total := len(c.userIds) + len(pairs)
	for i, id := range c.userIds {
		created := c.timestamp(0, -24*time.Hour+time.Duration(i)*time.Second)
		if err := ins.add(c.newId(), id, id, created); err != nil {
			return 0, err
		}
	}
	for i, p := range pairs {
		created := c.timestamp(0, -22*time.Hour+time.Duration(i%3600)*time.Second)
		if err := ins.add(c.newId(), c.userIds[p[0]], c.userIds[p[1]], created); err != nil {
			return 0, err
		}
		if i%10000 == 0 {
			progress("friendships", len(c.userIds)+i, total)
		}
	}
	if err := ins.flush(); err != nil {
		return 0, err
	}
	progress("friendships", total, total)

	return ins.written, nil
}

// writeLikes has every user cheer LikesPerUser things they can see: their
// friends' todos not under a private goal and public diaries (their own
// things when they have no friends), each at most once.
func writeLikes(ctx context.Context, tx core.App, c *community, progress Progress) (int, error) {
	ins := newInserter(ctx, tx.DB(), collections.Likes,
		collections.FieldId, collections.FieldUser, collections.LikesFieldTodo, collections.LikesFieldDiary,
		collections.FieldEmoji, collections.FieldCreated, collections.FieldUpdated)

	n := len(c.userIds)
	liked := map[string]struct{}{}
	for u := 0; u < n; u++ {
		clear(liked)
		made := 0
		for try := 0; try < 3*c.opts.LikesPerUser && made < c.opts.LikesPerUser; try++ {
			owner := u
			if len(c.friends[u]) > 0 {
				owner = int(pick(c, c.friends[u]))
			}

			var todo, diary string
			var day uint16
			if c.chance(0.75) {
				lo, hi := c.todoStart[owner], c.todoStart[owner+1]
				if lo == hi {
					continue
				}
				t := lo + c.rng.Int32N(hi-lo)
				if c.todoHidden[t] && owner != u {
					continue
				}
				todo, day = c.todoIds[t], c.todoDay[t]
			} else {
				lo, hi := c.diaryStart[owner], c.diaryStart[owner+1]
				if lo == hi {
					continue
				}
				d := lo + c.rng.Int32N(hi-lo)
				if c.diaryPrivate[d] && owner != u {
					continue
				}
				diary, day = c.diaryIds[d], c.diaryDay[d]
			}

			target := todo + diary
			if _, again := liked[target]; again {
				continue
			}
			liked[target] = struct{}{}

			emoji := ""
			if c.chance(0.5) {
				emoji = pick(c, emojis)
			}
			created := c.timestamp(int(day), 22*time.Hour+time.Duration(u%3600)*time.Second)
			if err := ins.add(c.newId(), c.userIds[u], todo, diary, emoji, created, created); err != nil {
				return 0, err
			}
			made++
		}
		if u%1000 == 0 {
			progress("likes", u, n)
		}
	}
	if err := ins.flush(); err != nil {
		return 0, err
	}
	progress("likes", n, n)

	return ins.written, nil
}

// level draws the visibility level of a goal or diary: "me" by
// PrivateShare, else "everyone" by EveryoneShare (drawn only when there is
// one, so that a seed without it writes what it wrote before the option).
func (c *community) level() string {
	switch {
	case c.chance(c.opts.PrivateShare):
		return collections.VisibilityMe
	case c.opts.EveryoneShare > 0 && c.chance(c.opts.EveryoneShare):
		return collections.VisibilityEveryone
	}
	return collections.VisibilityFriends
}
