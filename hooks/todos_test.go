package hooks_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	. "github.com/todomate/todomate/internal/fixture"
)

// Todos are seen by their owner, and by the owner's friends unless the
// todo's goal is private.
func TestTodosVisibility(t *testing.T) {
	audience{
		collection: "todos",
		owners: map[string]string{
			TodoPlainId:  owner,
			TodoWorkId:   owner,
			TodoSecretId: owner,
			TodoBobId:    friend,
		},
		visible: map[string][]string{
			owner:  {TodoPlainId, TodoWorkId, TodoSecretId, TodoBobId}, // bob is alice's friend too
			friend: {TodoPlainId, TodoWorkId, TodoBobId},
		},
		update:       `{"contents":"changed"}`,
		updatedField: "contents",
		updatedValue: "changed",
	}.test(t)
}

// A todo follows its goal: making the goal private hides its todos from
// friends at once, and deleting the goal deletes them.
func TestTodosFollowTheirGoal(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{
			Name:    "after alice makes work private, bob no longer sees its todo",
			Method:  http.MethodGet,
			URL:     recordsURL("todos") + "?perPage=100",
			Headers: asUser(t, friend),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
				goal, err := app.FindRecordById("goals", GoalWorkId)
				if err != nil {
					t.Fatal(err)
				}
				goal.Set("private", true)
				if err := app.Save(goal); err != nil {
					t.Fatal(err)
				}
			},
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":2`, TodoPlainId, TodoBobId},
			NotExpectedContent: []string{TodoWorkId, TodoSecretId},
			TestAppFactory:     community,
		},
		{
			Name:           "alice deletes her secret goal and its todo goes with it",
			Method:         http.MethodDelete,
			URL:            recordURL("goals", GoalSecretId),
			Headers:        asUser(t, owner),
			ExpectedStatus: http.StatusNoContent,
			TestAppFactory: community,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectExists(t, app, "todos", TodoSecretId, false)
				expectExists(t, app, "likes", LikeAliceSecretId, false)
				expectExists(t, app, "todos", TodoWorkId, true)
			},
		},
	}

	for _, s := range scenarios {
		s.Test(t)
	}
}

// A todo's visibility is its goal's, "friends" without one: set by the
// server whatever a client sends, and changed with the goal's.
func TestTodosVisibilityIsTheirGoals(t *testing.T) {
	expectLevel := func(id, level string) func(testing.TB, *tests.TestApp, *http.Response) {
		return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			todo, err := app.FindRecordById("todos", id)
			if err != nil {
				t.Fatal(err)
			}
			if got := todo.GetString("visibility"); got != level {
				t.Errorf("todo %s: visibility %q, want %q", id, got, level)
			}
		}
	}
	scenarios := []tests.ApiScenario{
		{
			Name:            "a todo created in a friends goal is friends, whatever it says",
			Method:          http.MethodPost,
			URL:             recordsURL("todos"),
			Headers:         asUser(t, owner),
			Body:            jsonBody(`{"id":"todonew00000000","contents":"x","date":"2026-11-24","goal":"` + GoalWorkId + `","visibility":"everyone"}`),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"visibility":"friends"`},
			TestAppFactory:  community,
			AfterTestFunc:   expectLevel("todonew00000000", "friends"),
		},
		{
			Name:            "a todo without a goal is friends",
			Method:          http.MethodPost,
			URL:             recordsURL("todos"),
			Headers:         asUser(t, owner),
			Body:            jsonBody(`{"id":"todonew00000000","contents":"x","date":"2026-11-24","visibility":"me"}`),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"visibility":"friends"`},
			TestAppFactory:  community,
			AfterTestFunc:   expectLevel("todonew00000000", "friends"),
		},
		{
			Name:            "a goal made everyone's takes its todos with it",
			Method:          http.MethodPatch,
			URL:             recordURL("goals", GoalWorkId),
			Headers:         asUser(t, owner),
			Body:            jsonBody(`{"visibility":"everyone"}`),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"visibility":"everyone"`},
			TestAppFactory:  community,
			AfterTestFunc:   expectLevel(TodoWorkId, "everyone"),
		},
		{
			Name:            "a todo moved to a private goal is me",
			Method:          http.MethodPatch,
			URL:             recordURL("todos", TodoWorkId),
			Headers:         asUser(t, owner),
			Body:            jsonBody(`{"goal":"` + GoalSecretId + `"}`),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"visibility":"me"`},
			TestAppFactory:  community,
			AfterTestFunc:   expectLevel(TodoWorkId, "me"),
		},
	}

	for _, s := range scenarios {
		s.Test(t)
	}
}
