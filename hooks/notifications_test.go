package hooks_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/todomate/todomate/collections"
	. "github.com/todomate/todomate/internal/fixture"
)

// notificationOf is the id of the one notification to user by actor of
// kind, failing the test unless there is exactly one.
func notificationOf(t testing.TB, app core.App, user, actor, kind string) string {
	t.Helper()
	records, err := app.FindAllRecords(collections.Notifications, dbx.HashExp{
		collections.FieldUser: user, collections.NotificationsFieldActor: actor, collections.NotificationsFieldKind: kind,
	})
	if err != nil || len(records) != 1 {
		t.Fatalf("notifications to %s by %s of kind %s: %d, %v; want 1", user, actor, kind, len(records), err)
	}
	return records[0].Id
}

// The community's own notifications, made as its follows and likes were
// written: alice's friend bob followed her back and cheered two of her
// things, carol follows her; bob was followed by alice first.
func TestNotificationsOfTheCommunity(t *testing.T) {
	app := community(t)
	t.Cleanup(app.Cleanup)

	notificationOf(t, app, AliceId, BobId, collections.NotificationFriend)
	notificationOf(t, app, AliceId, CarolId, collections.NotificationFollow)
	notificationOf(t, app, BobId, AliceId, collections.NotificationFollow)
	expectCount(t, app, collections.Notifications, dbx.HashExp{collections.FieldUser: AliceId, collections.NotificationsFieldKind: collections.NotificationCheer}, 2)
	expectCount(t, app, collections.Notifications, dbx.HashExp{collections.NotificationsFieldActor: AliceId, collections.NotificationsFieldKind: collections.NotificationCheer}, 0) // her own likes
	expectCount(t, app, collections.Notifications, nil, 5)
}

func TestNotificationsWrittenAndUnwritten(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{
			Name:            "bob cheers alice's work todo with a fire: she hears who, which emoji, on what",
			Method:          http.MethodPost,
			URL:             recordsURL("likes"),
			Body:            jsonBody(`{"todo":"` + TodoWorkId + `","emoji":"🔥"}`),
			Headers:         asUser(t, friend),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"emoji":"🔥"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectCount(t, app, collections.Notifications, dbx.HashExp{
					collections.FieldUser: AliceId, collections.NotificationsFieldActor: BobId,
					collections.NotificationsFieldKind: collections.NotificationCheer,
					collections.LikesFieldTodo:         TodoWorkId, collections.FieldEmoji: "🔥",
				}, 1)
			},
		},
		{
			Name:            "a cheer without emoji is stored, and told, as the default cheer",
			Method:          http.MethodPost,
			URL:             recordsURL("likes"),
			Body:            jsonBody(`{"todo":"` + TodoWorkId + `"}`),
			Headers:         asUser(t, friend),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"emoji":"` + collections.DefaultCheer + `"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectCount(t, app, collections.Notifications, dbx.HashExp{
					collections.LikesFieldTodo: TodoWorkId, collections.FieldEmoji: collections.DefaultCheer,
				}, 1)
			},
		},
		{
			Name:            "alice cheers her own todo: nobody to tell",
			Method:          http.MethodPost,
			URL:             recordsURL("likes"),
			Body:            jsonBody(`{"todo":"` + TodoWorkId + `","emoji":"🎉"}`),
			Headers:         asUser(t, owner),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"user":"` + AliceId + `"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectCount(t, app, collections.Notifications, dbx.HashExp{collections.LikesFieldTodo: TodoWorkId}, 0)
			},
		},
		{
			Name:           "bob takes his cheer back: its notification goes with it",
			Method:         http.MethodDelete,
			URL:            recordsURL("likes") + "/" + LikeBobTodoId,
			Headers:        asUser(t, friend),
			ExpectedStatus: http.StatusNoContent,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectCount(t, app, collections.Notifications, dbx.HashExp{collections.LikesFieldTodo: TodoPlainId}, 0)
				expectCount(t, app, collections.Notifications, dbx.HashExp{collections.FieldUser: AliceId, collections.NotificationsFieldKind: collections.NotificationCheer}, 1)
			},
		},
		{
			Name:            "dave follows alice: a new follower",
			Method:          http.MethodPost,
			URL:             recordsURL("follows"),
			Body:            jsonBody(`{"following":"` + AliceId + `"}`),
			Headers:         asUser(t, stranger),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"follower":"` + DaveId + `"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				notificationOf(t, app, AliceId, DaveId, collections.NotificationFollow)
				expectCount(t, app, collections.Notifications, dbx.HashExp{collections.FieldUser: DaveId}, 0)
			},
		},
		{
			Name:            "alice follows carol back: carol hears of a friend, alice of nothing new",
			Method:          http.MethodPost,
			URL:             recordsURL("follows"),
			Body:            jsonBody(`{"following":"` + CarolId + `"}`),
			Headers:         asUser(t, owner),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"follower":"` + AliceId + `"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				notificationOf(t, app, CarolId, AliceId, collections.NotificationFriend)
				expectCount(t, app, collections.Notifications, dbx.HashExp{collections.FieldUser: CarolId, collections.NotificationsFieldKind: collections.NotificationFollow}, 0)
				expectCount(t, app, collections.Notifications, dbx.HashExp{collections.FieldUser: AliceId}, 4)
			},
		},
		{
			Name:           "carol unfollows alice: the follow's notification goes",
			Method:         http.MethodDelete,
			URL:            recordsURL("follows") + "/" + followId(t, CarolId, AliceId),
			Headers:        asUser(t, follower),
			ExpectedStatus: http.StatusNoContent,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectCount(t, app, collections.Notifications, dbx.HashExp{collections.NotificationsFieldActor: CarolId}, 0)
			},
		},
		{
			Name:            "alice blocks bob: nothing between them is left",
			Method:          http.MethodPost,
			URL:             recordsURL("blocks"),
			Body:            jsonBody(`{"blocked":"` + BobId + `"}`),
			Headers:         asUser(t, owner),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"blocker":"` + AliceId + `"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectCount(t, app, collections.Notifications, dbx.Or(
					dbx.HashExp{collections.FieldUser: AliceId, collections.NotificationsFieldActor: BobId},
					dbx.HashExp{collections.FieldUser: BobId, collections.NotificationsFieldActor: AliceId},
				), 0)
				expectCount(t, app, collections.Notifications, dbx.HashExp{collections.NotificationsFieldActor: CarolId}, 1)
			},
		},
		{
			Name:           "bob deletes his account: what he made goes, and what was his",
			Method:         http.MethodDelete,
			URL:            recordsURL("users") + "/" + BobId,
			Headers:        asUser(t, friend),
			ExpectedStatus: http.StatusNoContent,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectCount(t, app, collections.Notifications, dbx.Or(
					dbx.HashExp{collections.FieldUser: BobId},
					dbx.HashExp{collections.NotificationsFieldActor: BobId},
				), 0)
			},
		},
	}
	for _, s := range scenarios {
		s.TestAppFactory = community
		s.Test(t)
	}
}

// Only the recipient sees a notification, and may only mark it read or
// delete it; nobody but a superuser creates one.
func TestNotificationsAreTheRecipients(t *testing.T) {
	app := community(t)
	friendOfAlice := notificationOf(t, app, AliceId, BobId, collections.NotificationFriend)
	app.Cleanup()
	one := recordsURL("notifications") + "/" + friendOfAlice

	var scenarios []tests.ApiScenario
	for _, requester := range []string{friend, follower, stranger} {
		scenarios = append(scenarios,
			tests.ApiScenario{
				Name: who(requester) + " lists notifications: only their own", Method: http.MethodGet,
				URL: recordsURL("notifications"), Headers: asUser(t, requester), ExpectedStatus: http.StatusOK,
				NotExpectedContent: []string{`"user":"` + AliceId + `"`},
			},
			tests.ApiScenario{
				Name: who(requester) + " views alice's", Method: http.MethodGet, URL: one,
				Headers: asUser(t, requester), ExpectedStatus: http.StatusNotFound, ExpectedContent: []string{`"status":404`},
			},
			tests.ApiScenario{
				Name: who(requester) + " marks alice's read", Method: http.MethodPatch, URL: one,
				Body: jsonBody(`{"read":true}`), Headers: asUser(t, requester), ExpectedStatus: http.StatusNotFound, ExpectedContent: []string{`"status":404`},
				AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
					expectField(t, app, collections.Notifications, friendOfAlice, collections.NotificationsFieldRead, false)
				},
			},
			tests.ApiScenario{
				Name: who(requester) + " deletes alice's", Method: http.MethodDelete, URL: one,
				Headers: asUser(t, requester), ExpectedStatus: http.StatusNotFound, ExpectedContent: []string{`"status":404`},
				AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
					expectExists(t, app, collections.Notifications, friendOfAlice, true)
				},
			},
		)
	}
	for _, requester := range everyone {
		scenarios = append(scenarios, tests.ApiScenario{
			Name: who(requester) + " creates a notification", Method: http.MethodPost, URL: recordsURL("notifications"),
			Body:    jsonBody(`{"user":"` + AliceId + `","kind":"follow","actor":"` + DaveId + `"}`),
			Headers: asUser(t, requester), ExpectedStatus: http.StatusForbidden, ExpectedContent: []string{`"status":403`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectCount(t, app, collections.Notifications, nil, 5)
			},
		})
	}
	scenarios = append(scenarios,
		tests.ApiScenario{
			Name: "alice lists hers, the unread count with them", Method: http.MethodGet,
			URL:     recordsURL("notifications") + "?filter=read%3Dfalse",
			Headers: asUser(t, owner), ExpectedStatus: http.StatusOK,
			ExpectedContent:    []string{`"totalItems":4`, `"kind":"friend"`, `"kind":"follow"`, `"kind":"cheer"`},
			NotExpectedContent: []string{`"user":"` + BobId + `"`},
		},
		tests.ApiScenario{
			Name: "a guest lists none", Method: http.MethodGet, URL: recordsURL("notifications"),
			ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"totalItems":0`},
		},
		tests.ApiScenario{
			Name: "alice marks hers read", Method: http.MethodPatch, URL: one,
			Body: jsonBody(`{"read":true}`), Headers: asUser(t, owner), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`"read":true`},
		},
		tests.ApiScenario{
			Name: "alice rewrites hers: who and what cannot change", Method: http.MethodPatch, URL: one,
			Body:    jsonBody(`{"read":true,"actor":"` + DaveId + `","kind":"cheer","emoji":"🔥"}`),
			Headers: asUser(t, owner), ExpectedStatus: http.StatusBadRequest,
			ExpectedContent: []string{fieldError("actor", collections.CodeImmutable), fieldError("kind", collections.CodeImmutable), fieldError("emoji", collections.CodeImmutable)},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectField(t, app, collections.Notifications, friendOfAlice, collections.NotificationsFieldActor, BobId)
				expectField(t, app, collections.Notifications, friendOfAlice, collections.NotificationsFieldRead, false)
			},
		},
		tests.ApiScenario{
			Name: "alice gives hers to bob", Method: http.MethodPatch, URL: one,
			Body:    jsonBody(`{"user":"` + BobId + `"}`),
			Headers: asUser(t, owner), ExpectedStatus: http.StatusBadRequest,
			ExpectedContent: []string{fieldError("user", collections.CodeImmutable)},
		},
		tests.ApiScenario{
			Name: "alice deletes hers", Method: http.MethodDelete, URL: one,
			Headers: asUser(t, owner), ExpectedStatus: http.StatusNoContent,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectExists(t, app, collections.Notifications, friendOfAlice, false)
			},
		},
	)
	for _, s := range scenarios {
		s.TestAppFactory = community
		s.Test(t)
	}
}

// Nobody reaches another's notifications through a user: a filter through
// the back-relation is refused (it would tell who notified whom), and an
// expand of it shows nothing of them.
func TestNotificationsThroughUsers(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{
			Name:            "dave filters users by whom bob notified",
			Method:          http.MethodGet,
			URL:             recordsURL("users") + "?filter=" + url.QueryEscape(`notifications_via_user.actor ?= "`+BobId+`"`),
			Headers:         asUser(t, stranger),
			ExpectedStatus:  http.StatusBadRequest,
			ExpectedContent: []string{fieldError("filter", collections.CodePrivateRelation)},
		},
		{
			Name:               "dave expands alice's notifications",
			Method:             http.MethodGet,
			URL:                recordsURL("users") + "/" + AliceId + "?expand=notifications_via_user",
			Headers:            asUser(t, stranger),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"id":"` + AliceId + `"`},
			NotExpectedContent: []string{"notifications_via_user", `"kind"`, `"actor"`},
		},
		{
			Name:            "alice expands her own",
			Method:          http.MethodGet,
			URL:             recordsURL("users") + "/" + AliceId + "?expand=notifications_via_user",
			Headers:         asUser(t, owner),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{"notifications_via_user", `"kind":"friend"`},
		},
	}
	for _, s := range scenarios {
		s.TestAppFactory = community
		s.Test(t)
	}
}
