// Package seed writes a deterministic demo community into a todomate app:
// users who follow each other, goals, todos spread over days, diaries and
// likes, all of it valid under todomate's rules. It backs the `seed` command
// and the benchmarks that need a community of realistic size.
package seed

import (
	"fmt"
	"time"

	"github.com/todomate/todomate/collections"
)

// Password is the password of every seeded user.
const Password = "password123"

// Options describe the community. Zero fields take the defaults below; a
// negative count or share asks for none of that kind.
type Options struct {
	Users          int     // default 1000
	TodosPerUser   int     // default 100
	Days           int     // days back from EndDay the todos are spread over, default 30
	EndDay         string  // YYYY-MM-DD, default today UTC
	FriendsPerUser int     // mutual friends per user, default 20
	OneWayPerUser  int     // extra one-way follows per user, default 5
	DiaryShare     float64 // share of user-days with a diary, default 0.5
	PrivateShare   float64 // share of goals and diaries that are private, default 0.1
	EveryoneShare  float64 // share of the others that everyone may see, default none
	LikesPerUser   int     // default 20
	GoalsPerUser   int     // default 3
	// RoutinesPerUser: routines per user on three weekdays each, over
	// every seeded day, their days written out as todos (default none)
	RoutinesPerUser int
	Seed            int64 // PRNG seed; same options and seed give the same data, ids included
	// Force seeds a database that already has todomate data: that data
	// (users and everything they own, with their files) is deleted first.
	Force bool
}

// Summary counts what Run wrote. Friendships counts rows: a self row per
// user and two per pair of friends, who are counted in FriendPairs.
type Summary struct {
	Users, Goals, Routines, Todos, Diaries, Likes, Follows, Friendships int
	DemoLogins                                                          []string
	Password                                                            string
	FriendPairs                                                         int
}

// Progress receives the stage being written and how far it is; nil is silent.
type Progress func(stage string, done, total int)

// Defaults are the options a zero Options stands for.
func Defaults() Options {
	return Options{
		Users:          1000,
		TodosPerUser:   100,
		Days:           30,
		EndDay:         time.Now().UTC().Format(collections.DayLayout),
		FriendsPerUser: 20,
		OneWayPerUser:  5,
		DiaryShare:     0.5,
		PrivateShare:   0.1,
		LikesPerUser:   20,
		GoalsPerUser:   3,
	}
}

// normalized fills in defaults, turns "none" (negative) into 0 and checks
// what cannot be seeded.
func (o Options) normalized() (Options, error) {
	d := Defaults()

	count := func(v *int, def int) {
		switch {
		case *v == 0:
			*v = def
		case *v < 0:
			*v = 0
		}
	}
	share := func(v *float64, def float64) {
		switch {
		case *v == 0:
			*v = def
		case *v < 0:
			*v = 0
		}
	}

	count(&o.Users, d.Users)
	count(&o.TodosPerUser, d.TodosPerUser)
	count(&o.Days, d.Days)
	count(&o.FriendsPerUser, d.FriendsPerUser)
	count(&o.OneWayPerUser, d.OneWayPerUser)
	count(&o.LikesPerUser, d.LikesPerUser)
	count(&o.GoalsPerUser, d.GoalsPerUser)
	count(&o.RoutinesPerUser, 0)
	share(&o.DiaryShare, d.DiaryShare)
	share(&o.PrivateShare, d.PrivateShare)
	share(&o.EveryoneShare, d.EveryoneShare)
	if o.EndDay == "" {
		o.EndDay = d.EndDay
	}

	switch {
	case o.Users < 1:
		return o, fmt.Errorf("seed: at least one user is needed")
	case o.Days < 1:
		return o, fmt.Errorf("seed: at least one day is needed")
	case !collections.IsDay(o.EndDay):
		return o, fmt.Errorf("seed: end day %q is not a YYYY-MM-DD day", o.EndDay)
	case o.DiaryShare > 1 || o.PrivateShare > 1 || o.EveryoneShare > 1:
		return o, fmt.Errorf("seed: shares are between 0 and 1")
	case o.Users > 999_999:
		return o, fmt.Errorf("seed: at most 999,999 users")
	}

	return o, nil
}
