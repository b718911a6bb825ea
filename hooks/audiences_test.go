package hooks_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/hooks"
	"github.com/todomate/todomate/internal/apitest"
	. "github.com/todomate/todomate/internal/fixture"
	"github.com/todomate/todomate/seed"
)

// TestAudiencesFollowEveryWrite: after every kind of write that can change
// who sees what, each goal's, todo's and diary's audience is exactly what
// friendships and privacy make it (seed.CheckAudiences, written apart from
// the hooks' SQL).
func TestAudiencesFollowEveryWrite(t *testing.T) {
	app := NewCircleApp(t)
	defer app.Cleanup()

	if err := seed.CheckAudiences(app); err != nil {
		t.Fatalf("the circle as built: %v", err)
	}

	w := CircleWriter{T: t, App: app}
	const amyHiddenGoal = "goalcamyhidden0"
	writes := append(CircleWrites(t, app),
		CircleWrite{Name: "a private goal is made", Write: func() {
			w.Create(collections.Goals, map[string]any{"id": amyHiddenGoal, "user": CircleAmyId, "title": "hidden", "private": true})
		}},
		CircleWrite{Name: "a todo moves under a private goal", Write: func() {
			w.Save(w.Find(collections.Todos, CircleTodoAmyId), map[string]any{"goal": amyHiddenGoal})
		}},
		CircleWrite{Name: "a todo is made under a private goal", Write: func() {
			w.Create(collections.Todos, map[string]any{"user": CircleAmyId, "goal": amyHiddenGoal, "contents": "hidden", "date": Day})
		}},
		CircleWrite{Name: "a todo leaves its private goal", Write: func() {
			w.Save(w.Find(collections.Todos, CircleTodoAmyId), map[string]any{"goal": ""})
		}},
		CircleWrite{Name: "a todo moves under a public goal", Write: func() {
			w.Save(w.Find(collections.Todos, CircleTodoAmyId), map[string]any{"goal": CircleGoalRunId})
		}},
		CircleWrite{Name: "the private goal turns public", Write: func() {
			w.Save(w.Find(collections.Goals, amyHiddenGoal), map[string]any{"private": false})
		}},
		CircleWrite{Name: "an audience is set by hand", Write: func() {
			w.Save(w.Find(collections.Todos, CircleTodoAmyId), map[string]any{collections.FieldAudience: CirclePatId})
		}},
		CircleWrite{Name: "a user signs up", Write: func() {
			users, err := app.FindCollectionByNameOrId(collections.Users)
			if err != nil {
				t.Fatal(err)
			}
			user := core.NewRecord(users)
			user.Set(collections.UsersFieldUsername, "newcomer")
			user.SetEmail("newcomer@example.com")
			user.SetPassword(Password)
			if err := app.Save(user); err != nil {
				t.Fatal(err)
			}
			w.Create(collections.Follows, map[string]any{"follower": user.Id, "following": CircleAmyId})
			w.Create(collections.Follows, map[string]any{"follower": CircleAmyId, "following": user.Id})
		}},
	)

	for _, write := range writes {
		t.Run(write.Name, func(t *testing.T) {
			before := audiences(t, app)
			write.Write()
			if err := seed.CheckAudiences(app); err != nil {
				t.Fatal(err)
			}
			if write.Name == "an audience is set by hand" && audiences(t, app) != before {
				t.Fatal("an audience set by hand was kept")
			}
		})
	}

	// the check itself: a stale audience of each kind is seen
	stale := map[string]string{
		"a friend missing":                `UPDATE todos SET audience = '' WHERE id = '` + CircleTodoAmyId + `'`,
		"a stranger added":                `UPDATE diaries SET audience = audience || ',` + CirclePatId + `' WHERE id = '` + CircleDiaryOliId + `'`,
		"a private record with friends":   `UPDATE diaries SET visibility = 'me', private = TRUE WHERE id = '` + CircleDiaryOliId + `'`,
		"an everyone record with friends": `UPDATE diaries SET visibility = 'everyone' WHERE id = '` + CircleDiaryOliId + `'`,
	}
	for name, sql := range stale {
		t.Run("the check sees "+name, func(t *testing.T) {
			// made and checked in a transaction that is then rolled back
			errRollback := errors.New("rollback")
			err := app.RunInTransaction(func(tx core.App) error {
				if _, err := tx.DB().NewQuery(sql).Execute(); err != nil {
					return err
				}
				if err := seed.CheckAudiences(tx); err == nil {
					t.Error("seed.CheckAudiences passed")
				}
				return errRollback
			})
			if !errors.Is(err, errRollback) {
				t.Fatal(err)
			}
		})
	}
}

// audiences is every audience in the database, by collection and id.
func audiences(t testing.TB, app core.App) string {
	t.Helper()
	var all []string
	for _, name := range collections.AudienceCarriers {
		var rows []string
		if err := app.DB().NewQuery("SELECT id || '=' || audience FROM " + name + " ORDER BY id").Column(&rows); err != nil {
			t.Fatal(err)
		}
		all = append(all, rows...)
	}
	return strings.Join(all, "\n")
}

// TestRefreshAudiencesMendsAudiences: RefreshAudiences, for writes that
// went around the hooks (seed's bulk inserts, raw SQL), rewrites what is
// stale, for named users or for everyone.
func TestRefreshAudiencesMendsAudiences(t *testing.T) {
	app := NewCircleApp(t)
	defer app.Cleanup()

	if _, err := app.DB().NewQuery(`UPDATE todos SET audience = 'x'`).Execute(); err != nil {
		t.Fatal(err)
	}
	if err := hooks.RefreshAudiences(app, CircleAmyId); err != nil {
		t.Fatal(err)
	}
	var stale int
	if err := app.DB().NewQuery(`SELECT count(*) FROM todos WHERE audience = 'x' AND user = {:amy}`).
		Bind(map[string]any{"amy": CircleAmyId}).Row(&stale); err != nil || stale != 0 {
		t.Fatalf("%d of amy's todos still stale (%v)", stale, err)
	}
	if err := seed.CheckAudiences(app); err == nil {
		t.Fatal("the other users' todos are stale, yet the check passed")
	}

	if err := hooks.RefreshAudiences(app); err != nil {
		t.Fatal(err)
	}
	if err := seed.CheckAudiences(app); err != nil {
		t.Fatal(err)
	}
}

// asNewSuperuser returns the headers of a superuser that its BeforeTestFunc
// makes in the scenario's app (ApiScenario reads Headers after
// BeforeTestFunc).
func asNewSuperuser() (map[string]string, func(testing.TB, *tests.TestApp, *core.ServeEvent)) {
	headers := map[string]string{}
	return headers, func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
		t.Helper()
		superusers, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
		if err != nil {
			t.Fatal(err)
		}
		superuser := core.NewRecord(superusers)
		superuser.SetEmail("root@example.com")
		signIn(t, app, superuser, headers)
	}
}

// signIn saves a new auth record with Password and puts its token in headers.
func signIn(t testing.TB, app core.App, record *core.Record, headers map[string]string) {
	t.Helper()
	record.SetPassword(Password)
	if err := app.Save(record); err != nil {
		t.Fatal(err)
	}
	token, err := record.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	headers["Authorization"] = token
}

// asAgent returns the headers of a record of another auth collection,
// "agents", whose ids need not look like users ids, made with id by its
// BeforeTestFunc. (PocketBase itself refuses an auth id that another auth
// collection has: an agent cannot be alice.)
func asAgent(id string) (map[string]string, func(testing.TB, *tests.TestApp, *core.ServeEvent)) {
	headers := map[string]string{}
	return headers, func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
		t.Helper()
		agents := core.NewAuthCollection("agents")
		idField := agents.Fields.GetByName(collections.FieldId).(*core.TextField)
		idField.Min, idField.Pattern = 3, `^[a-z0-9]+$`
		if err := app.Save(agents); err != nil {
			t.Fatal(err)
		}
		agent := core.NewRecord(agents)
		agent.Id = id
		agent.SetEmail("agent@example.com")
		signIn(t, app, agent, headers)
	}
}

// expectAudience is an AfterTestFunc: the stored audience of a record.
func expectAudience(collection, id, want string) func(testing.TB, *tests.TestApp, *http.Response) {
	return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		t.Helper()
		expectField(t, app, collection, id, collections.FieldAudience, want)
	}
}

// expectLikeCount is an AfterTestFunc: the stored like count of a todo
// (collections.TodosColumnLikeCount, no field for PocketBase to read).
func expectLikeCount(id string, want int) func(testing.TB, *tests.TestApp, *http.Response) {
	return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		t.Helper()
		if got := apitest.StoredLikeCount(t, app, id); got != want {
			t.Errorf("like count of %s: %d, want %d", id, got, want)
		}
	}
}

// The audience is hidden and derived: no client reads it, filters or sorts
// by it, or sets it, and no id shorter than a users id reads a substring
// of it. The same of the todos' like count (collections.
// TodosColumnLikeCount), which counts likes a viewer may not see.
func TestAudienceIsNoDoor(t *testing.T) {
	superuser, makeSuperuser := asNewSuperuser()
	bobPrefix, makeBobPrefix := asAgent("userbob")

	scenarios := []tests.ApiScenario{
		{
			Name:               "bob lists alice's todos: no audience in them",
			Method:             http.MethodGet,
			URL:                recordsURL("todos") + "?fields=id,audience,user",
			Headers:            asUser(t, friend),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":3`, TodoPlainId},
			NotExpectedContent: []string{"audience", TodoSecretId},
		},
		{
			Name:               "bob expands the targets of his likes: no audience in them",
			Method:             http.MethodGet,
			URL:                recordsURL("likes") + "?expand=todo,diary",
			Headers:            asUser(t, friend),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{"alice plain todo", "alice public diary"},
			NotExpectedContent: []string{"audience"},
		},
		{
			Name:               "bob filters todos by audience",
			Method:             http.MethodGet,
			URL:                withFilter("todos", "audience ~ 'userbob'"),
			Headers:            asUser(t, friend),
			ExpectedStatus:     http.StatusBadRequest,
			NotExpectedContent: []string{`"items"`},
		},
		{
			Name:               "dave filters likes by their todo's audience",
			Method:             http.MethodGet,
			URL:                withFilter("likes", "todo.audience ~ 'userbob' || diary.audience != ''"),
			Headers:            asUser(t, stranger),
			ExpectedStatus:     http.StatusBadRequest,
			NotExpectedContent: []string{`"items"`},
		},
		{
			Name:               "dave sorts diaries by audience",
			Method:             http.MethodGet,
			URL:                withSort("diaries", "audience"),
			Headers:            asUser(t, stranger),
			ExpectedStatus:     http.StatusBadRequest,
			NotExpectedContent: []string{`"items"`},
		},
		{
			Name:               "bob lists alice's todos and expands his likes: no like count in them",
			Method:             http.MethodGet,
			URL:                recordsURL("todos") + "?fields=id," + collections.TodosColumnLikeCount + "&expand=likes_via_todo",
			Headers:            asUser(t, friend),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":3`, TodoPlainId},
			NotExpectedContent: []string{collections.TodosColumnLikeCount},
		},
		{
			Name:               "a superuser views a liked todo: no like count in it",
			Method:             http.MethodGet,
			URL:                recordsURL("likes") + "?expand=todo",
			Headers:            superuser,
			BeforeTestFunc:     makeSuperuser,
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{"alice plain todo"},
			NotExpectedContent: []string{collections.TodosColumnLikeCount},
		},
		{
			Name:               "dave filters todos by their like count",
			Method:             http.MethodGet,
			URL:                withFilter("todos", collections.TodosColumnLikeCount+" > 0"),
			Headers:            asUser(t, stranger),
			ExpectedStatus:     http.StatusBadRequest,
			NotExpectedContent: []string{`"items"`},
		},
		{
			Name:               "dave filters likes by their todo's like count",
			Method:             http.MethodGet,
			URL:                withFilter("likes", "todo."+collections.TodosColumnLikeCount+" > 1"),
			Headers:            asUser(t, stranger),
			ExpectedStatus:     http.StatusBadRequest,
			NotExpectedContent: []string{`"items"`},
		},
		{
			Name:               "bob sorts todos by their like count",
			Method:             http.MethodGet,
			URL:                withSort("todos", "-"+collections.TodosColumnLikeCount),
			Headers:            asUser(t, friend),
			ExpectedStatus:     http.StatusBadRequest,
			NotExpectedContent: []string{`"items"`},
		},
		{
			Name:            "alice sends a like count with a new todo",
			Method:          http.MethodPost,
			URL:             recordsURL("todos"),
			Body:            jsonBody(`{"id":"todonewcount000","contents":"counted","date":"` + Day + `","` + collections.TodosColumnLikeCount + `":5}`),
			Headers:         asUser(t, owner),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"id":"todonewcount000"`},
			ExpectedEvents:  map[string]int{"OnRecordCreateRequest": 1, "OnRecordAfterCreateSuccess": 1},
			AfterTestFunc:   expectLikeCount("todonewcount000", 0),
		},
		{
			Name:            "alice sends an audience with a todo under her secret goal",
			Method:          http.MethodPost,
			URL:             recordsURL("todos"),
			Body:            jsonBody(`{"id":"todonewsecret00","contents":"new secret","date":"` + Day + `","goal":"` + GoalSecretId + `","audience":"` + DaveId + `"}`),
			Headers:         asUser(t, owner),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"id":"todonewsecret00"`},
			ExpectedEvents:  map[string]int{"OnRecordCreateRequest": 1, "OnRecordAfterCreateSuccess": 1},
			AfterTestFunc:   expectAudience("todos", "todonewsecret00", AliceId),
		},
		{
			Name:            "alice sends an audience in a form with a plain todo",
			Method:          http.MethodPost,
			URL:             recordsURL("todos"),
			Body:            strings.NewReader("id=todonewplain000&contents=new+plain&date=" + Day + "&audience=" + DaveId),
			Headers:         withContentType(asUser(t, owner), "application/x-www-form-urlencoded"),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"id":"todonewplain000"`},
			ExpectedEvents:  map[string]int{"OnRecordCreateRequest": 1, "OnRecordAfterCreateSuccess": 1},
			AfterTestFunc:   expectAudience("todos", "todonewplain000", AliceId+","+BobId),
		},
		{
			Name:            "a superuser sets the audience of alice's secret todo",
			Method:          http.MethodPatch,
			URL:             recordURL("todos", TodoSecretId),
			Body:            jsonBody(`{"audience":"` + BobId + `"}`),
			Headers:         superuser,
			BeforeTestFunc:  makeSuperuser,
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"audience":"` + AliceId + `"`},
			ExpectedEvents:  map[string]int{"OnRecordUpdateRequest": 1, "OnRecordAfterUpdateSuccess": 1},
			AfterTestFunc:   expectAudience("todos", TodoSecretId, AliceId),
		},
		{
			Name:               "an agent whose id is the start of bob's lists todos",
			Method:             http.MethodGet,
			URL:                recordsURL("todos"),
			Headers:            bobPrefix,
			BeforeTestFunc:     makeBobPrefix,
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":0`},
			NotExpectedContent: []string{TodoPlainId, TodoBobId},
		},
		{
			Name:               "an agent whose id is the start of bob's lists likes and diaries",
			Method:             http.MethodGet,
			URL:                recordsURL("likes") + "?expand=diary",
			Headers:            bobPrefix,
			BeforeTestFunc:     makeBobPrefix,
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":0`},
			NotExpectedContent: []string{LikeBobDiaryId, DiaryPublicId},
		},
	}

	for _, s := range scenarios {
		s.TestAppFactory = community
		s.Test(t)
	}
}

// An audience is exact only while every users id is 15 characters of
// [a-z0-9]: a shorter one could match part of another's, a capital could
// match a lower-case id (LIKE ignores ASCII case). The users collection
// allows no other ids, and todomate refuses them even when an admin loosens
// the collection's id field.
func TestUserIdsStayAudienceSafe(t *testing.T) {
	superuser, makeSuperuser := asNewSuperuser()
	loosenIds := func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		makeSuperuser(t, app, e)
		users, err := app.FindCollectionByNameOrId(collections.Users)
		if err != nil {
			t.Fatal(err)
		}
		idField := users.Fields.GetByName(collections.FieldId).(*core.TextField)
		idField.Min, idField.Pattern = 3, `^[A-Za-z0-9]+$`
		if err := app.Save(users); err != nil {
			t.Fatal(err)
		}
	}

	var scenarios []tests.ApiScenario
	for _, id := range []string{"userbob", "USEREVE00000000"} {
		body := `{"id":"` + id + `","username":"eve","email":"eve@example.com","password":"password123","passwordConfirm":"password123"}`
		for who, headers := range map[string]map[string]string{"signing up": nil, "a superuser making": superuser} {
			scenarios = append(scenarios, tests.ApiScenario{
				Name:            who + " user " + id,
				Method:          http.MethodPost,
				URL:             recordsURL("users"),
				Body:            jsonBody(body),
				Headers:         headers,
				BeforeTestFunc:  loosenIds,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{fieldError("id", "validation_match_invalid")},
				ExpectedEvents: map[string]int{"*": 0, "OnRecordCreateRequest": 1, "OnRecordCreate": 1, "OnModelCreate": 1,
					"OnRecordValidate": 1, "OnModelValidate": 1, "OnRecordAfterCreateError": 1, "OnModelAfterCreateError": 1},
				AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
					expectExists(t, app, "users", id, false)
				},
			})
		}
	}

	for _, s := range scenarios {
		s.TestAppFactory = community
		s.Test(t)
	}
}

// An admin may drop the audience field of a collection (with the rules and
// the "everyone" index that read it: PocketBase keeps an indexed field until
// its index goes, as for any field): writes to it, and the
// friendship changes that rewrite audiences, go on without it, and the
// other collections keep theirs.
func TestWritesGoOnWithoutAnAudienceField(t *testing.T) {
	app := NewCircleApp(t)
	defer app.Cleanup()

	todos, err := app.FindCollectionByNameOrId(collections.Todos)
	if err != nil {
		t.Fatal(err)
	}
	todos.ListRule = types.Pointer(`user = @request.auth.id`)
	todos.ViewRule = types.Pointer(`user = @request.auth.id`)
	todos.Fields.RemoveByName(collections.FieldAudience)
	todos.RemoveIndex("idx_todos_everyone_date")
	if err := app.Save(todos); err != nil {
		t.Fatalf("drop the audience of todos: %v", err)
	}

	w := CircleWriter{T: t, App: app}
	w.Create(collections.Todos, map[string]any{"user": CircleAmyId, "contents": "no audience", "date": Day})
	w.Save(w.Find(collections.Goals, CircleGoalRunId), map[string]any{"private": true})
	w.Create(collections.Follows, map[string]any{"follower": CircleVicId, "following": CircleOliId})
	w.Unfollow(CircleAmyId, CircleZoeId)

	expectField(t, app, collections.Goals, CircleGoalRunId, collections.FieldAudience, CircleAmyId)
	var diaryAudience string
	if err := app.DB().NewQuery(`SELECT audience FROM diaries WHERE id = {:id}`).
		Bind(map[string]any{"id": CircleDiaryOliId}).Row(&diaryAudience); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(diaryAudience, CircleVicId) {
		t.Errorf("oli's diary audience %q lacks vic, oli's new friend", diaryAudience)
	}
}
