package hooks_test

// friendships is derived in the same transaction as what it derives from:
// two rows for every mutual follow, none otherwise, and a self row for every
// user (the rules read "the auth user is in the owner's friendships").

import (
	"net/http"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	. "github.com/todomate/todomate/internal/fixture"
)

// betweenFriends are the friendships rows of mutual follows: all but the
// users' self rows.
var betweenFriends = dbx.NewExp("[[friend]] != [[user]]")

func friendsOf(userId string) dbx.Expression {
	return dbx.And(betweenFriends, dbx.Or(dbx.HashExp{"user": userId}, dbx.HashExp{"friend": userId}))
}

func areFriends(x, y string) dbx.Expression {
	return dbx.Or(dbx.HashExp{"user": x, "friend": y}, dbx.HashExp{"user": y, "friend": x})
}

func selfRow(userId string) dbx.Expression {
	return dbx.HashExp{"user": userId, "friend": userId}
}

func TestFriendshipsFollowFollows(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{
			Name:            "a one-way follow makes no friends",
			Method:          http.MethodPost,
			URL:             recordsURL("follows"),
			Body:            jsonBody(`{"following":"usercarol000000"}`),
			Headers:         asUser(t, stranger),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"follower":"` + DaveId + `"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectCount(t, app, "friendships", friendsOf(DaveId), 0)
				expectCount(t, app, "friendships", betweenFriends, 2)
			},
		},
		{
			Name:            "alice follows carol back and they become friends",
			Method:          http.MethodPost,
			URL:             recordsURL("follows"),
			Body:            jsonBody(`{"following":"usercarol000000"}`),
			Headers:         asUser(t, owner),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"follower":"` + AliceId + `"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectCount(t, app, "friendships", areFriends(AliceId, CarolId), 2)
				expectCount(t, app, "friendships", betweenFriends, 4)
			},
		},
		{
			Name:    "as alice's new friend, carol sees her todos but not the secret one",
			Method:  http.MethodGet,
			URL:     recordsURL("todos"),
			Headers: asUser(t, follower),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
				saveFollow(t, app, AliceId, CarolId)
			},
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":2`, TodoPlainId, TodoWorkId},
			NotExpectedContent: []string{TodoSecretId, TodoBobId},
		},
		{
			Name:           "bob unfollows alice and the friendship ends both ways",
			Method:         http.MethodDelete,
			URL:            recordURL("follows", followId(t, BobId, AliceId)),
			Headers:        asUser(t, friend),
			ExpectedStatus: http.StatusNoContent,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectCount(t, app, "friendships", betweenFriends, 0)
				expectCount(t, app, "follows", follows(AliceId, BobId), 1)
			},
		},
		{
			Name:           "alice removes her follower bob and the friendship ends",
			Method:         http.MethodDelete,
			URL:            recordURL("follows", followId(t, BobId, AliceId)),
			Headers:        asUser(t, owner),
			ExpectedStatus: http.StatusNoContent,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectCount(t, app, "friendships", betweenFriends, 0)
			},
		},
		{
			Name:    "after bob unfollows, he no longer sees alice's todos and diaries",
			Method:  http.MethodGet,
			URL:     recordsURL("diaries"),
			Headers: asUser(t, friend),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
				deleteFollow(t, app, BobId, AliceId)
			},
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":1`, DiaryBobId},
			NotExpectedContent: []string{DiaryPublicId, DiaryPrivateId},
		},
	}

	for _, s := range scenarios {
		s.TestAppFactory = community
		s.Test(t)
	}
}

// Deleting a user deletes everything of theirs, and everything that hung on
// it (likes of their todos and diaries, follows of them, friendships).
func TestDeletingAUserCascades(t *testing.T) {
	s := tests.ApiScenario{
		Name:           "alice deletes herself",
		Method:         http.MethodDelete,
		URL:            recordURL("users", AliceId),
		Headers:        asUser(t, owner),
		ExpectedStatus: http.StatusNoContent,
		TestAppFactory: community,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			expectExists(t, app, "users", AliceId, false)
			for _, c := range []string{"goals", "todos", "diaries", "likes"} {
				expectCount(t, app, c, dbx.HashExp{"user": AliceId}, 0)
			}
			expectCount(t, app, "follows", dbx.Or(dbx.HashExp{"follower": AliceId}, dbx.HashExp{"following": AliceId}), 0)
			expectCount(t, app, "friendships", friendsOf(AliceId), 0)
			expectCount(t, app, "friendships", selfRow(AliceId), 0)
			// bob's likes of alice's todo and diary went with them
			expectCount(t, app, "likes", nil, 0)

			// everyone else keeps theirs
			expectExists(t, app, "todos", TodoBobId, true)
			expectExists(t, app, "diaries", DiaryBobId, true)
			expectCount(t, app, "users", nil, 3)
			expectCount(t, app, "follows", nil, 0)
		},
	}
	s.Test(t)

	s = tests.ApiScenario{
		Name:           "bob deletes himself",
		Method:         http.MethodDelete,
		URL:            recordURL("users", BobId),
		Headers:        asUser(t, friend),
		ExpectedStatus: http.StatusNoContent,
		TestAppFactory: community,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			expectExists(t, app, "todos", TodoBobId, false)
			expectExists(t, app, "diaries", DiaryBobId, false)
			expectCount(t, app, "likes", dbx.HashExp{"user": BobId}, 0)
			expectCount(t, app, "likes", nil, 2) // alice's own two
			expectCount(t, app, "friendships", betweenFriends, 0)
			expectCount(t, app, "follows", nil, 1) // carol → alice
			expectCount(t, app, "todos", dbx.HashExp{"user": AliceId}, 3)
		},
	}
	s.Test(t)
}

func TestEveryUserHasASelfFriendship(t *testing.T) {
	s := tests.ApiScenario{
		Name:            "a sign-up gets its self row, in the same transaction",
		Method:          http.MethodPost,
		URL:             recordsURL("users"),
		Body:            jsonBody(`{"email":"erin@example.com","username":"erin","password":"password123","passwordConfirm":"password123"}`),
		ExpectedStatus:  http.StatusOK,
		ExpectedContent: []string{`"username":"erin"`},
		TestAppFactory:  community,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			erin, err := app.FindFirstRecordByData("users", "username", "erin")
			if err != nil {
				t.Fatal(err)
			}
			expectCount(t, app, "friendships", selfRow(erin.Id), 1)
			for _, id := range []string{AliceId, BobId, CarolId, DaveId} {
				expectCount(t, app, "friendships", selfRow(id), 1)
			}
			// a self row is no friend
			expectCount(t, app, "friendships", friendsOf(erin.Id), 0)
		},
	}
	s.Test(t)
}

func saveFollow(t testing.TB, app core.App, followerId, followingId string) {
	t.Helper()

	c, err := app.FindCollectionByNameOrId("follows")
	if err != nil {
		t.Fatal(err)
	}
	f := core.NewRecord(c)
	f.Set("follower", followerId)
	f.Set("following", followingId)
	if err := app.Save(f); err != nil {
		t.Fatal(err)
	}
}

func deleteFollow(t testing.TB, app core.App, followerId, followingId string) {
	t.Helper()

	f, err := app.FindFirstRecordByFilter("follows", "follower = {:a} && following = {:b}", dbx.Params{"a": followerId, "b": followingId})
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Delete(f); err != nil {
		t.Fatal(err)
	}
}
