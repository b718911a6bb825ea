package hooks_test

// The side doors to records: filters and sorts through relations and
// back-relations, expand, @collection, counts, and the derived friendships
// collection. None may tell a requester anything about a record they cannot
// view.

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	. "github.com/todomate/todomate/internal/fixture"
)

func withFilter(collection, filter string) string {
	return recordsURL(collection) + "?perPage=100&filter=" + url.QueryEscape(filter)
}

func withSort(collection, sort string) string {
	return recordsURL(collection) + "?perPage=100&sort=" + url.QueryEscape(sort)
}

// A back-relation into goals, todos, diaries, likes or friendships is refused
// in a client filter or sort: PocketBase would otherwise answer questions
// about the related records the requester cannot see (see client_queries.go).
func TestBackRelationsIntoPrivateCollectionsAreRefused(t *testing.T) {
	probes := []struct{ name, url, field string }{
		{"users by private diary content", withFilter("users", "diaries_via_user.content ~ 'private'"), "filter"},
		{"users by diary privacy", withFilter("users", "diaries_via_user.private = true"), "filter"},
		{"users by any diary (?~) or anyone", withFilter("users", "diaries_via_user.content ?~ 'x' || id != ''"), "filter"},
		{"users by secret todo contents", withFilter("users", "todos_via_user.contents ~ 'secret'"), "filter"},
		{"users by goal title", withFilter("users", "goals_via_user.title = 'secret'"), "filter"},
		{"users by like", withFilter("users", "likes_via_user.diary = 'diaryprivate000'"), "filter"},
		{"users by friendships", withFilter("users", "friendships_via_user.friend ?= 'userbob00000000'"), "filter"},
		{"todos by friendships of the owner", withFilter("todos", "user.friendships_via_user.friend ?= 'userbob00000000'"), "filter"},
		{"diaries by likes", withFilter("diaries", "likes_via_diary.user ?= 'useralice000000'"), "filter"},
		{"a back-relation inside a group", withFilter("users", "id != '' && (name = 'x' || diaries_via_user.private = true)"), "filter"},
		{"a back-relation with a modifier", withFilter("users", "diaries_via_user.id:length > 1"), "filter"},
		{"users sorted by diary content", withSort("users", "diaries_via_user.content"), "sort"},
		{"users sorted by todo contents, descending", withSort("users", "username,-todos_via_user.contents"), "sort"},
	}

	var scenarios []tests.ApiScenario
	for _, probe := range probes {
		for _, requester := range []string{owner, friend, stranger} {
			scenarios = append(scenarios, tests.ApiScenario{
				Name:               who(requester) + ": " + probe.name,
				Method:             http.MethodGet,
				URL:                probe.url,
				Headers:            asUser(t, requester),
				ExpectedStatus:     http.StatusBadRequest,
				ExpectedContent:    []string{fieldError(probe.field, "validation_private_relation")},
				NotExpectedContent: []string{`"items"`, AliceId},
				TestAppFactory:     community,
			})
		}
	}

	for _, s := range scenarios {
		s.Test(t)
	}
}

func TestFiltersAndCountsRevealNothing(t *testing.T) {
	scenarios := []tests.ApiScenario{
		// the follow graph is public, but not to whom a side of it blocks:
		// it is walked forwards, never backwards
		{
			Name:               "dave finds who carol follows through follows",
			Method:             http.MethodGet,
			URL:                withFilter("follows", "follower = 'usercarol000000'"),
			Headers:            asUser(t, stranger),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":1`, `"following":"` + AliceId + `"`},
			NotExpectedContent: []string{BobId, DaveId},
		},
		{
			Name:            "dave may not walk follows backwards from users",
			Method:          http.MethodGet,
			URL:             withFilter("users", "follows_via_following.follower ?= 'usercarol000000'"),
			Headers:         asUser(t, stranger),
			ExpectedStatus:  http.StatusBadRequest,
			ExpectedContent: []string{`"code":"validation_private_relation"`},
		},
		// a filter on a like's target never confirms a target one cannot see
		{
			Name:            "alice filters likes by her private diary",
			Method:          http.MethodGet,
			URL:             withFilter("likes", "diary = 'diaryprivate000'"),
			Headers:         asUser(t, owner),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"totalItems":1`, LikeAlicePrivateId},
		},
		{
			Name:               "bob filters likes by alice's private diary",
			Method:             http.MethodGet,
			URL:                withFilter("likes", "diary = 'diaryprivate000'"),
			Headers:            asUser(t, friend),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":0`},
			NotExpectedContent: []string{LikeAlicePrivateId},
		},
		{
			Name:               "bob filters likes by the content of their diary",
			Method:             http.MethodGet,
			URL:                withFilter("likes", "diary.content ~ 'private' || todo.contents ~ 'secret'"),
			Headers:            asUser(t, friend),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":0`},
			NotExpectedContent: []string{LikeAlicePrivateId, LikeAliceSecretId},
		},
		{
			Name:               "bob filters todos by their private goal",
			Method:             http.MethodGet,
			URL:                withFilter("todos", "goal.private = true || goal = 'goalsecret00000'"),
			Headers:            asUser(t, friend),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":0`},
			NotExpectedContent: []string{TodoSecretId},
		},
		{
			Name:               "bob counts alice's diaries",
			Method:             http.MethodGet,
			URL:                withFilter("diaries", "user = 'useralice000000'"),
			Headers:            asUser(t, friend),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":1`, DiaryPublicId},
			NotExpectedContent: []string{DiaryPrivateId},
		},
		{
			Name:               "bob counts alice's diaries that are private",
			Method:             http.MethodGet,
			URL:                withFilter("diaries", "user = 'useralice000000' && private = true"),
			Headers:            asUser(t, friend),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":0`},
			NotExpectedContent: []string{DiaryPrivateId},
		},
		{
			Name:               "dave counts alice's diaries",
			Method:             http.MethodGet,
			URL:                withFilter("diaries", "user = 'useralice000000'"),
			Headers:            asUser(t, stranger),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":0`},
			NotExpectedContent: []string{DiaryPublicId, DiaryPrivateId},
		},
		{
			Name:               "carol searches diaries for 'private'",
			Method:             http.MethodGet,
			URL:                withFilter("diaries", "content ~ 'private'"),
			Headers:            asUser(t, follower),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":0`},
			NotExpectedContent: []string{DiaryPrivateId},
		},
		{
			Name:               "bob's @collection filter is refused",
			Method:             http.MethodGet,
			URL:                withFilter("users", "@collection.diaries.content ~ 'private'"),
			Headers:            asUser(t, friend),
			ExpectedStatus:     http.StatusForbidden,
			ExpectedContent:    []string{`"status":403`},
			NotExpectedContent: []string{AliceId},
		},
		{
			Name:               "dave's @collection filter on todos is refused",
			Method:             http.MethodGet,
			URL:                withFilter("todos", "@collection.diaries.private ?= true"),
			Headers:            asUser(t, stranger),
			ExpectedStatus:     http.StatusForbidden,
			ExpectedContent:    []string{`"status":403`},
			NotExpectedContent: []string{TodoPlainId},
		},
	}

	for _, s := range scenarios {
		s.TestAppFactory = community
		s.Test(t)
	}
}

// hideAlicesTargets moves alice's plain todo under her secret goal and makes
// her public diary private: bob's likes of them stay his, their targets
// leave his sight.
func hideAlicesTargets(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
	t.Helper()

	todo, err := app.FindRecordById("todos", TodoPlainId)
	if err != nil {
		t.Fatal(err)
	}
	todo.Set("goal", GoalSecretId)
	if err := app.Save(todo); err != nil {
		t.Fatal(err)
	}

	diary, err := app.FindRecordById("diaries", DiaryPublicId)
	if err != nil {
		t.Fatal(err)
	}
	diary.Set("private", true)
	if err := app.Save(diary); err != nil {
		t.Fatal(err)
	}
}

func TestExpandShowsOnlyVisibleRecords(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{
			Name:               "bob expands the targets of the likes he sees",
			Method:             http.MethodGet,
			URL:                recordsURL("likes") + "?expand=todo,diary",
			Headers:            asUser(t, friend),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":2`, "alice plain todo", "alice public diary"},
			NotExpectedContent: []string{"secret", "alice private diary"},
		},
		{
			Name:               "bob's likes of targets now hidden from him do not expand them",
			Method:             http.MethodGet,
			URL:                recordsURL("likes") + "?expand=todo,diary",
			Headers:            asUser(t, friend),
			BeforeTestFunc:     hideAlicesTargets,
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":2`, LikeBobTodoId, LikeBobDiaryId},
			NotExpectedContent: []string{`"expand":{"`, "alice plain todo", "alice public diary"},
		},
		{
			Name:               "bob views his like of a hidden todo without its target",
			Method:             http.MethodGet,
			URL:                recordURL("likes", LikeBobTodoId) + "?expand=todo,todo.goal,todo.user",
			Headers:            asUser(t, friend),
			BeforeTestFunc:     hideAlicesTargets,
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{LikeBobTodoId},
			NotExpectedContent: []string{`"expand":{"`, "alice plain todo", "secret"},
		},
		{
			Name:            "alice expands all four likes",
			Method:          http.MethodGet,
			URL:             recordsURL("likes") + "?expand=todo,diary",
			Headers:         asUser(t, owner),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"totalItems":4`, "alice secret todo", "alice private diary"},
		},
		{
			Name:               "bob expands the user and goal of the todos he sees",
			Method:             http.MethodGet,
			URL:                recordsURL("todos") + "?expand=user,goal",
			Headers:            asUser(t, friend),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":3`, `"username":"alice"`, `"title":"work"`},
			NotExpectedContent: []string{`"title":"secret"`, "alice@example.com"},
		},
		{
			Name:               "bob expands alice's diaries from her profile",
			Method:             http.MethodGet,
			URL:                recordURL("users", AliceId) + "?expand=diaries_via_user,todos_via_user,goals_via_user",
			Headers:            asUser(t, friend),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{DiaryPublicId, TodoPlainId, GoalWorkId},
			NotExpectedContent: []string{DiaryPrivateId, "alice private diary", TodoSecretId, GoalSecretId, "alice@example.com"},
		},
		{
			Name:               "dave expands alice's diaries from her profile",
			Method:             http.MethodGet,
			URL:                recordURL("users", AliceId) + "?expand=diaries_via_user,todos_via_user,goals_via_user,likes_via_user",
			Headers:            asUser(t, stranger),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"id":"` + AliceId + `"`},
			NotExpectedContent: []string{`"expand":{"`, DiaryPublicId, DiaryPrivateId, TodoPlainId, GoalWorkId, LikeAliceSecretId},
		},
		{
			Name:               "dave expands the diaries of the users he lists",
			Method:             http.MethodGet,
			URL:                recordsURL("users") + "?expand=diaries_via_user",
			Headers:            asUser(t, stranger),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":4`},
			NotExpectedContent: []string{`"expand":{"`, "diary"},
		},
		{
			Name:               "carol expands the likes of alice's diary",
			Method:             http.MethodGet,
			URL:                recordURL("users", AliceId) + "?expand=likes_via_user.diary",
			Headers:            asUser(t, follower),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"id":"` + AliceId + `"`},
			NotExpectedContent: []string{`"expand":{"`, DiaryPrivateId},
		},
		{
			Name:               "bob cannot expand the friendships of alice",
			Method:             http.MethodGet,
			URL:                recordURL("users", AliceId) + "?expand=friendships_via_user",
			Headers:            asUser(t, friend),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"id":"` + AliceId + `"`},
			NotExpectedContent: []string{`"expand":{"`, "friendships"},
		},
	}

	for _, s := range scenarios {
		s.TestAppFactory = community
		s.Test(t)
	}
}

// friendships is derived data for the rules; only superusers touch it.
func TestFriendshipsAreSuperuserOnly(t *testing.T) {
	var scenarios []tests.ApiScenario
	for _, requester := range everyone {
		scenarios = append(scenarios,
			tests.ApiScenario{
				Name:               who(requester) + " lists friendships",
				Method:             http.MethodGet,
				URL:                recordsURL("friendships"),
				Headers:            asUser(t, requester),
				ExpectedStatus:     http.StatusForbidden,
				ExpectedContent:    []string{`"status":403`},
				NotExpectedContent: []string{AliceId, BobId},
			},
			tests.ApiScenario{
				Name:               who(requester) + " creates a friendship",
				Method:             http.MethodPost,
				URL:                recordsURL("friendships"),
				Body:               jsonBody(`{"user":"userdave0000000","friend":"useralice000000"}`),
				Headers:            asUser(t, requester),
				ExpectedStatus:     http.StatusForbidden,
				ExpectedContent:    []string{`"status":403`},
				NotExpectedContent: []string{AliceId},
				AfterTestFunc:      expectNothingWritten,
			},
		)
	}

	// view, update and delete of a real friendship row
	app := community(t)
	friendships, err := app.FindAllRecords("friendships")
	app.Cleanup()
	if err != nil || len(friendships) == 0 {
		t.Fatalf("no friendships in the community: %v", err)
	}
	id := friendships[0].Id
	for _, requester := range []string{owner, friend, stranger, anonymous} {
		for _, method := range []string{http.MethodGet, http.MethodPatch, http.MethodDelete} {
			scenarios = append(scenarios, tests.ApiScenario{
				Name:               who(requester) + " " + method + " a friendship",
				Method:             method,
				URL:                recordURL("friendships", id),
				Body:               jsonBody(`{"friend":"userdave0000000"}`),
				Headers:            asUser(t, requester),
				ExpectedStatus:     http.StatusForbidden,
				ExpectedContent:    []string{`"status":403`},
				NotExpectedContent: []string{AliceId},
				AfterTestFunc:      expectNothingWritten,
			})
		}
	}

	for _, s := range scenarios {
		s.TestAppFactory = community
		s.Test(t)
	}
}

// The batch API is off (PocketBase's default), so it is no door either.
func TestBatchIsClosed(t *testing.T) {
	s := tests.ApiScenario{
		Name:   "bob likes alice's private diary through a batch",
		Method: http.MethodPost,
		URL:    "/api/batch",
		Body: jsonBody(`{"requests":[{"method":"POST","url":"/api/collections/likes/records",` +
			`"body":{"diary":"diaryprivate000"}}]}`),
		Headers:            asUser(t, friend),
		ExpectedStatus:     http.StatusForbidden,
		ExpectedContent:    []string{`"status":403`},
		NotExpectedContent: []string{DiaryPrivateId},
		TestAppFactory:     community,
		AfterTestFunc:      expectNothingWritten,
	}
	s.Test(t)
}

// Every file todomate stores is protected: its URL needs a file token of a
// user the collection's view rule lets see the record, so the files door
// is as narrow as view. A file field added later without protection fails
// here; the levels matrix downloads each kind through that door.
func TestEveryFileIsProtected(t *testing.T) {
	app := NewEmptyApp(t)
	defer app.Cleanup()

	all, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	var checked []string
	for _, collection := range all {
		if collection.System {
			continue // PocketBase's own (_superusers and the like): no files
		}
		for _, field := range collection.Fields {
			file, ok := field.(*core.FileField)
			if !ok {
				continue
			}
			checked = append(checked, collection.Name+"."+file.Name)
			if !file.Protected {
				t.Errorf("%s.%s is a public file field", collection.Name, file.Name)
			}
		}
	}
	if len(checked) < 3 {
		t.Errorf("file fields found: %v, want users.avatar, diaries.photos, todos.proof at least", checked)
	}
}
