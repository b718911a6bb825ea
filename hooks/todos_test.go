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
