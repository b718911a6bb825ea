package hooks_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	. "github.com/todomate/todomate/internal/fixture"
)

// todoElsewhereId is a todo of alice's on OtherDay, with sort 4, that the
// "another day" scenarios move onto Day.
const todoElsewhereId = "todoelsewhere00"

// beforeEach runs fns, in order, as a scenario's BeforeTestFunc.
func beforeEach(fns ...func(testing.TB, *tests.TestApp)) func(testing.TB, *tests.TestApp, *core.ServeEvent) {
	return func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
		for _, fn := range fns {
			fn(t, app)
		}
	}
}

// withFields writes fields into a record as the server would.
func withFields(collection, id string, fields map[string]any) func(testing.TB, *tests.TestApp) {
	return func(t testing.TB, app *tests.TestApp) {
		record, err := app.FindRecordById(collection, id)
		if err != nil {
			t.Fatal(err)
		}
		record.Load(fields)
		if err := app.Save(record); err != nil {
			t.Fatalf("%s %s %v: %v", collection, id, fields, err)
		}
	}
}

// withTodoElsewhere saves todoElsewhereId.
func withTodoElsewhere(t testing.TB, app *tests.TestApp) {
	todos, err := app.FindCollectionByNameOrId("todos")
	if err != nil {
		t.Fatal(err)
	}
	todo := core.NewRecord(todos)
	todo.Load(map[string]any{"id": todoElsewhereId, "user": AliceId, "contents": "elsewhere", "date": OtherDay, "sort": 4})
	if err := app.Save(todo); err != nil {
		t.Fatal(err)
	}
}

// expectSorts is an AfterTestFunc: each todo has the sort (and date) given.
func expectSorts(want map[string]int, date string) func(testing.TB, *tests.TestApp, *http.Response) {
	return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		for id, sort := range want {
			todo, err := app.FindRecordById("todos", id)
			if err != nil {
				t.Fatalf("todo %s: %v", id, err)
			}
			if todo.GetInt("sort") != sort || (date != "" && todo.GetString("date") != date) {
				t.Errorf("todo %s: sort %d on %s, want %d on %s", id, todo.GetInt("sort"), todo.GetString("date"), sort, date)
			}
		}
	}
}

// expectNewTodo is an AfterTestFunc: alice's todo with the contents was
// written with the sort given, unchecked.
func expectNewTodo(contents string, sort int) func(testing.TB, *tests.TestApp, *http.Response) {
	return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		todo, err := app.FindFirstRecordByFilter("todos", "contents = {:c}", dbx.Params{"c": contents})
		if err != nil {
			t.Fatalf("no todo %q: %v", contents, err)
		}
		if todo.GetInt("sort") != sort || todo.GetBool("is_checked") || todo.GetString("user") != AliceId {
			t.Errorf("todo %q: %v, want sort %d, unchecked, alice's", contents, todo.PublicExport(), sort)
		}
	}
}

// movedEvents are the events of a move: the moved todo is the one record
// written (no other todo of the day is renumbered), and its update reaches
// realtime subscribers once, through PocketBase's own after-update event.
var movedEvents = map[string]int{
	"*":                          0,
	"OnRecordUpdateRequest":      1,
	"OnRecordValidate":           1,
	"OnModelValidate":            1,
	"OnRecordUpdate":             1,
	"OnModelUpdate":              1,
	"OnRecordUpdateExecute":      1,
	"OnModelUpdateExecute":       1,
	"OnRecordAfterUpdateSuccess": 1,
	"OnModelAfterUpdateSuccess":  1,
	"OnRecordEnrich":             1,
}

// copiedEvents are the events of a copy: one todo created, nothing else.
var copiedEvents = map[string]int{
	"*":                          0,
	"OnRecordCreateRequest":      1,
	"OnRecordValidate":           1,
	"OnModelValidate":            1,
	"OnRecordCreate":             1,
	"OnModelCreate":              1,
	"OnRecordCreateExecute":      1,
	"OnModelCreateExecute":       1,
	"OnRecordAfterCreateSuccess": 1,
	"OnModelAfterCreateSuccess":  1,
	"OnRecordEnrich":             1,
}

// A todo moved to another day, or copied onto one, goes last on that day
// (after its author's other todos there) unless the request says where.
func TestTodoAnotherDay(t *testing.T) {
	// alice's Day todos at 0, 2 and 0, bob's (not hers) at 9: last is 3
	spread := beforeEach(withTodoElsewhere,
		withFields("todos", TodoWorkId, map[string]any{"sort": 2}),
		withFields("todos", TodoBobId, map[string]any{"sort": 9}))
	form := func(values url.Values) *strings.Reader { return strings.NewReader(values.Encode()) }

	scenarios := []tests.ApiScenario{
		{
			Name:            "moved to an empty day: first there",
			Method:          http.MethodPatch,
			URL:             recordURL("todos", TodoPlainId),
			Body:            jsonBody(`{"date":"` + OtherDay + `"}`),
			Headers:         asUser(t, owner),
			BeforeTestFunc:  beforeEach(withFields("todos", TodoPlainId, map[string]any{"sort": 7})),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"sort":0`},
			AfterTestFunc:   expectSorts(map[string]int{TodoPlainId: 0}, OtherDay),
		},
		{
			Name:            "moved onto a day with todos: after the author's last",
			Method:          http.MethodPatch,
			URL:             recordURL("todos", todoElsewhereId),
			Body:            jsonBody(`{"date":"` + Day + `"}`),
			Headers:         asUser(t, owner),
			BeforeTestFunc:  spread,
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"sort":3`},
			ExpectedEvents:  movedEvents,
			AfterTestFunc:   expectSorts(map[string]int{todoElsewhereId: 3, TodoWorkId: 2, TodoPlainId: 0}, Day),
		},
		{
			Name:            "moved urlencoded",
			Method:          http.MethodPatch,
			URL:             recordURL("todos", todoElsewhereId),
			Body:            form(url.Values{"date": {Day}}),
			Headers:         withContentType(asUser(t, owner), "application/x-www-form-urlencoded"),
			BeforeTestFunc:  spread,
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"sort":3`},
			AfterTestFunc:   expectSorts(map[string]int{todoElsewhereId: 3}, Day),
		},
		{
			Name:            "moved multipart",
			Method:          http.MethodPatch,
			URL:             recordURL("todos", todoElsewhereId),
			Body:            strings.NewReader(multipartBody([]part{field("date", Day)}, "")),
			Headers:         withContentType(asUser(t, owner), multipartType()),
			BeforeTestFunc:  spread,
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"sort":3`},
			AfterTestFunc:   expectSorts(map[string]int{todoElsewhereId: 3}, Day),
		},
		{
			Name:            "moved with a sort: the client's sort is kept, 0 included",
			Method:          http.MethodPatch,
			URL:             recordURL("todos", todoElsewhereId),
			Body:            jsonBody(`{"date":"` + Day + `","sort":0}`),
			Headers:         asUser(t, owner),
			BeforeTestFunc:  spread,
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"sort":0`},
			ExpectedEvents:  movedEvents,
			AfterTestFunc:   expectSorts(map[string]int{todoElsewhereId: 0}, Day),
		},
		{
			Name:            "moved urlencoded with a sort: kept",
			Method:          http.MethodPatch,
			URL:             recordURL("todos", todoElsewhereId),
			Body:            form(url.Values{"date": {Day}, "sort": {"1"}}),
			Headers:         withContentType(asUser(t, owner), "application/x-www-form-urlencoded"),
			BeforeTestFunc:  spread,
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"sort":1`},
			AfterTestFunc:   expectSorts(map[string]int{todoElsewhereId: 1}, Day),
		},
		{
			Name:            "moved with sort+: the modifier is the client's sort",
			Method:          http.MethodPatch,
			URL:             recordURL("todos", todoElsewhereId),
			Body:            jsonBody(`{"date":"` + Day + `","sort+":1}`),
			Headers:         asUser(t, owner),
			BeforeTestFunc:  spread,
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"sort":5`},
			AfterTestFunc:   expectSorts(map[string]int{todoElsewhereId: 5}, Day),
		},
		{
			Name:            "date sent unchanged: sort left alone",
			Method:          http.MethodPatch,
			URL:             recordURL("todos", TodoPlainId),
			Body:            jsonBody(`{"date":"` + Day + `","contents":"renamed"}`),
			Headers:         asUser(t, owner),
			BeforeTestFunc:  spread,
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"sort":0`},
			AfterTestFunc:   expectSorts(map[string]int{TodoPlainId: 0}, Day),
		},
		{
			Name:            "copied onto a day: last there",
			Method:          http.MethodPost,
			URL:             recordsURL("todos"),
			Body:            jsonBody(`{"contents":"again","goal":"` + GoalWorkId + `","date":"` + Day + `"}`),
			Headers:         asUser(t, owner),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"sort":1`, `"is_checked":false`},
			ExpectedEvents:  copiedEvents,
			AfterTestFunc:   expectNewTodo("again", 1),
		},
		{
			Name:            "copied onto a day urlencoded: after the author's last",
			Method:          http.MethodPost,
			URL:             recordsURL("todos"),
			Body:            form(url.Values{"contents": {"again"}, "date": {Day}}),
			Headers:         withContentType(asUser(t, owner), "application/x-www-form-urlencoded"),
			BeforeTestFunc:  spread,
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"sort":3`},
			AfterTestFunc:   expectNewTodo("again", 3),
		},
		{
			Name:            "copied onto an empty day: first there",
			Method:          http.MethodPost,
			URL:             recordsURL("todos"),
			Body:            jsonBody(`{"contents":"again","date":"2026-12-01"}`),
			Headers:         asUser(t, owner),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"sort":0`},
			AfterTestFunc:   expectNewTodo("again", 0),
		},
		{
			Name:            "created with a sort: kept",
			Method:          http.MethodPost,
			URL:             recordsURL("todos"),
			Body:            jsonBody(`{"contents":"again","date":"` + Day + `","sort":0}`),
			Headers:         asUser(t, owner),
			BeforeTestFunc:  spread,
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"sort":0`},
			AfterTestFunc:   expectNewTodo("again", 0),
		},
		{
			Name:    "a move and a copy in one batch: each last in turn",
			Method:  http.MethodPost,
			URL:     "/api/batch",
			Headers: asUser(t, owner),
			Body: jsonBody(`{"requests":[` +
				`{"method":"PATCH","url":"` + recordURL("todos", todoElsewhereId) + `","body":{"date":"` + Day + `"}},` +
				`{"method":"POST","url":"` + recordsURL("todos") + `","body":{"contents":"again","date":"` + Day + `"}}]}`),
			BeforeTestFunc:  spread,
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"sort":3`, `"sort":4`},
			ExpectedEvents: map[string]int{
				"*":                          0,
				"OnBatchRequest":             1,
				"OnRecordUpdateRequest":      1,
				"OnRecordCreateRequest":      1,
				"OnRecordValidate":           2,
				"OnModelValidate":            2,
				"OnRecordUpdate":             1,
				"OnModelUpdate":              1,
				"OnRecordUpdateExecute":      1,
				"OnModelUpdateExecute":       1,
				"OnRecordAfterUpdateSuccess": 1,
				"OnModelAfterUpdateSuccess":  1,
				"OnRecordCreate":             1,
				"OnModelCreate":              1,
				"OnRecordCreateExecute":      1,
				"OnModelCreateExecute":       1,
				"OnRecordAfterCreateSuccess": 1,
				"OnModelAfterCreateSuccess":  1,
				"OnRecordEnrich":             2,
			},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				expectSorts(map[string]int{todoElsewhereId: 3}, Day)(t, app, res)
				expectNewTodo("again", 4)(t, app, res)
			},
		},
	}
	for _, requester := range []string{friend, stranger} {
		scenarios = append(scenarios, tests.ApiScenario{
			Name:            who(requester) + " moves alice's todo: as for nothing",
			Method:          http.MethodPatch,
			URL:             recordURL("todos", TodoPlainId),
			Body:            jsonBody(`{"date":"` + OtherDay + `"}`),
			Headers:         asUser(t, requester),
			ExpectedStatus:  http.StatusNotFound,
			ExpectedContent: []string{`"status":404`},
			// refused by the update rule before any hook or write
			ExpectedEvents: map[string]int{"*": 0},
			AfterTestFunc:  expectNothingWritten,
		})
	}

	for _, s := range scenarios {
		if s.URL == "/api/batch" {
			s.TestAppFactory = withBatch
		} else {
			s.TestAppFactory = community
		}
		s.Test(t)
	}
}

// endWork ends alice's work goal.
var endWork = withFields("goals", GoalWorkId, map[string]any{"ended": true})

// An ended goal takes no new todo, whichever door it comes through; what
// is already under it stays and may still be changed.
func TestEndedGoal(t *testing.T) {
	todosUnchanged := func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		expectCount(t, app, "todos", nil, communityCounts["todos"])
		expectField(t, app, "todos", TodoPlainId, "goal", "")
	}

	scenarios := []tests.ApiScenario{
		{
			Name:            "alice ends her goal",
			Method:          http.MethodPatch,
			URL:             recordURL("goals", GoalWorkId),
			Body:            jsonBody(`{"ended":true}`),
			Headers:         asUser(t, owner),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"ended":true`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectField(t, app, "goals", GoalWorkId, "ended", true)
				expectField(t, app, "todos", TodoWorkId, "goal", GoalWorkId)
			},
		},
		{
			Name:            "bob ends alice's goal: as for nothing",
			Method:          http.MethodPatch,
			URL:             recordURL("goals", GoalWorkId),
			Body:            jsonBody(`{"ended":true}`),
			Headers:         asUser(t, friend),
			ExpectedStatus:  http.StatusNotFound,
			ExpectedContent: []string{`"status":404`},
			AfterTestFunc:   expectNothingWritten,
		},
		{
			Name:            "a new todo under an ended goal",
			Method:          http.MethodPost,
			URL:             recordsURL("todos"),
			Body:            jsonBody(`{"contents":"more work","goal":"` + GoalWorkId + `","date":"` + Day + `"}`),
			Headers:         asUser(t, owner),
			BeforeTestFunc:  beforeEach(endWork),
			ExpectedStatus:  http.StatusBadRequest,
			ExpectedContent: []string{fieldError("goal", "validation_goal_ended")},
			AfterTestFunc:   todosUnchanged,
		},
		{
			Name:            "a new todo under an ended goal, urlencoded",
			Method:          http.MethodPost,
			URL:             recordsURL("todos"),
			Body:            strings.NewReader(url.Values{"contents": {"more work"}, "goal": {GoalWorkId}, "date": {Day}}.Encode()),
			Headers:         withContentType(asUser(t, owner), "application/x-www-form-urlencoded"),
			BeforeTestFunc:  beforeEach(endWork),
			ExpectedStatus:  http.StatusBadRequest,
			ExpectedContent: []string{fieldError("goal", "validation_goal_ended")},
			AfterTestFunc:   todosUnchanged,
		},
		{
			Name:            "a todo moved under an ended goal",
			Method:          http.MethodPatch,
			URL:             recordURL("todos", TodoPlainId),
			Body:            jsonBody(`{"goal":"` + GoalWorkId + `"}`),
			Headers:         asUser(t, owner),
			BeforeTestFunc:  beforeEach(endWork),
			ExpectedStatus:  http.StatusBadRequest,
			ExpectedContent: []string{fieldError("goal", "validation_goal_ended")},
			AfterTestFunc:   todosUnchanged,
		},
		{
			Name:            "a todo of an ended goal checked, edited and moved to another day",
			Method:          http.MethodPatch,
			URL:             recordURL("todos", TodoWorkId),
			Body:            jsonBody(`{"is_checked":true,"contents":"done work","date":"` + OtherDay + `"}`),
			Headers:         asUser(t, owner),
			BeforeTestFunc:  beforeEach(endWork),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"goal":"` + GoalWorkId + `"`, `"is_checked":true`},
		},
		{
			Name:            "a new todo under a reopened goal",
			Method:          http.MethodPost,
			URL:             recordsURL("todos"),
			Body:            jsonBody(`{"contents":"more work","goal":"` + GoalWorkId + `","date":"` + Day + `"}`),
			Headers:         asUser(t, owner),
			BeforeTestFunc:  beforeEach(endWork, withFields("goals", GoalWorkId, map[string]any{"ended": false})),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"goal":"` + GoalWorkId + `"`},
		},
		{
			Name:            "a routine under an ended goal: no routine, no day",
			Method:          http.MethodPost,
			URL:             recordsURL("routines"),
			Body:            jsonBody(routineBody),
			Headers:         asUser(t, owner),
			BeforeTestFunc:  beforeEach(endWork),
			ExpectedStatus:  http.StatusBadRequest,
			ExpectedContent: []string{fieldError("goal", "validation_goal_ended")},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				todosUnchanged(t, app, res)
				expectCount(t, app, "routines", nil, 0)
			},
		},
		{
			Name:               "bob's feed still shows the ended goal's todo",
			Method:             http.MethodGet,
			URL:                "/api/todomate/feed?date=" + Day,
			Headers:            asUser(t, friend),
			BeforeTestFunc:     beforeEach(endWork),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"id":"` + TodoWorkId + `"`, `"title":"work"`},
			NotExpectedContent: []string{TodoSecretId},
		},
		{
			Name:            "bob's view of alice's calendar still counts it",
			Method:          http.MethodGet,
			URL:             "/api/todomate/users/" + AliceId + "/calendar?month=2026-11",
			Headers:         asUser(t, friend),
			BeforeTestFunc:  beforeEach(endWork),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"date":"` + Day + `","total":2`},
		},
	}
	for _, s := range scenarios {
		s.TestAppFactory = community
		s.Test(t)
	}
}
