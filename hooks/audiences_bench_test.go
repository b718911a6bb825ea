package hooks_test

import (
	"fmt"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/hooks"
	"github.com/todomate/todomate/internal/apitest"
	"github.com/todomate/todomate/internal/fixture"
)

// BenchmarkFriendshipChange is what audiences cost on the write side: one
// op is a follow that makes two users friends and the unfollow that ends
// it, each rewriting the audiences of all the goals, todos and diaries of
// both (hooks/audiences.go). Measured for two users of the benchmark
// community (apitest.BenchCommunity: 100 todos each, 20 friends), and for
// two heavy users with 10,000 todos each (ten a day for almost three years).
func BenchmarkFriendshipChange(b *testing.B) {
	community := apitest.BenchCommunity()
	app := fixture.NewSeededApp(b, fmt.Sprintf("friendships_%d_%g", community.Users, community.EveryoneShare), community)
	defer app.Cleanup()

	// two users who do not follow each other
	var pair struct {
		A string `db:"a"`
		B string `db:"b"`
	}
	if err := app.DB().NewQuery(`
		SELECT a.id AS a, b.id AS b FROM users a, users b WHERE a.id < b.id
		AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.follower = a.id AND f.following = b.id)
		AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.follower = b.id AND f.following = a.id)
		ORDER BY a.id, b.id LIMIT 1`).One(&pair); err != nil {
		b.Fatal(err)
	}

	befriendAndPart := func(b *testing.B) {
		follows, err := app.FindCollectionByNameOrId(collections.Follows)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			var made []*core.Record
			for _, p := range [][2]string{{pair.A, pair.B}, {pair.B, pair.A}} {
				follow := core.NewRecord(follows)
				follow.Set(collections.FollowsFieldFollower, p[0])
				follow.Set(collections.FollowsFieldFollowing, p[1])
				if err := app.Save(follow); err != nil {
					b.Fatal(err)
				}
				made = append(made, follow)
			}
			if err := app.Delete(made[0]); err != nil {
				b.Fatal(err)
			}
			if err := app.Delete(made[1]); err != nil {
				b.Fatal(err)
			}
		}
	}

	b.Run("100 todos each", befriendAndPart)

	// ten todos a day from 2024-01-01, for both
	for _, user := range []string{pair.A, pair.B} {
		if _, err := app.DB().NewQuery(`
			WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9899)
			INSERT INTO todos (id, user, contents, date, is_checked, goal, sort, created, updated, audience)
			SELECT printf('h%s%05d', substr({:user}, 7, 9), i), {:user}, 'todo ' || i,
				date('2024-01-01', '+' || (i / 10) || ' days'), 0, '', i % 10,
				'2026-01-01 00:00:00.000Z', '2026-01-01 00:00:00.000Z', ''
			FROM n`).Bind(dbx.Params{"user": user}).Execute(); err != nil {
			b.Fatal(err)
		}
	}
	if err := hooks.RefreshAudiences(app, pair.A, pair.B); err != nil {
		b.Fatal(err)
	}
	var heavy int
	if err := app.DB().NewQuery(`SELECT min(n) FROM (SELECT count(*) AS n FROM todos WHERE user IN ({:a}, {:b}) GROUP BY user)`).
		Bind(dbx.Params{"a": pair.A, "b": pair.B}).Row(&heavy); err != nil || heavy < 10000 {
		b.Fatalf("heavy users have %d todos (%v)", heavy, err)
	}

	b.Run(fmt.Sprintf("%d todos each", heavy), befriendAndPart)
}
