package apitest

import (
	"os"
	"strconv"

	"github.com/todomate/todomate/seed"
)

// BenchCommunity is the community of the speed budgets: 1,000 users (or
// TODOMATE_BENCH_USERS) with 100 todos each over 30 days to 2026-11-24, 20
// mutual friends and 5 one-way follows each, a diary on half of the days, a
// tenth of goals and diaries private and a tenth of the others everyone's
// (or TODOMATE_BENCH_EVERYONE; 0 writes the community of the releases
// before the levels, the same ids included), 20 likes each.
func BenchCommunity() seed.Options {
	return seed.Options{
		Users:          benchUsers(),
		EveryoneShare:  benchEveryoneShare(),
		TodosPerUser:   benchTodos(),
		Days:           30,
		EndDay:         "2026-11-24",
		FriendsPerUser: 20,
		OneWayPerUser:  5,
		DiaryShare:     0.5,
		PrivateShare:   0.1,
		LikesPerUser:   20,
		// RoutinesPerUser: TODOMATE_BENCH_ROUTINES, none by default
		RoutinesPerUser: benchRoutines(),
		Seed:            1,
	}
}

// benchTodos is TODOMATE_BENCH_TODOS, plain todos per user, 100 by default
// (139 holds as many todos as 100 and 3 routines on three weekdays each).
func benchTodos() int {
	if n, err := strconv.Atoi(os.Getenv("TODOMATE_BENCH_TODOS")); err == nil && n > 0 {
		return n
	}
	return 100
}

// benchRoutines is TODOMATE_BENCH_ROUTINES, routines per user (issue 17's
// comparison seeds 3), none by default.
func benchRoutines() int {
	if n, err := strconv.Atoi(os.Getenv("TODOMATE_BENCH_ROUTINES")); err == nil && n > 0 {
		return n
	}
	return 0
}

// benchEveryoneShare is TODOMATE_BENCH_EVERYONE, a tenth by default.
func benchEveryoneShare() float64 {
	if share, err := strconv.ParseFloat(os.Getenv("TODOMATE_BENCH_EVERYONE"), 64); err == nil && share >= 0 {
		return share
	}
	return 0.1
}

// benchUsers is TODOMATE_BENCH_USERS, 1,000 by default.
func benchUsers() int {
	if n, err := strconv.Atoi(os.Getenv("TODOMATE_BENCH_USERS")); err == nil && n > 0 {
		return n
	}
	return 1000
}
