package hooks_test

// The author of a goal, todo, diary or like (the follower of a follow) is
// the auth user on create, and never changes afterwards.

import (
	"errors"
	"net/http"
	"testing"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	. "github.com/todomate/todomate/internal/fixture"
)

func TestAuthorIsFilledIn(t *testing.T) {
	creates := []struct{ collection, body string }{
		{"goals", `{"title":"reading"}`},
		{"todos", `{"contents":"read","date":"2026-11-24"}`},
		{"diaries", `{"date":"2026-11-01","emoji":"📚"}`},
		{"likes", `{"todo":"todowork0000000"}`},
	}

	for _, c := range creates {
		collection := c.collection
		s := tests.ApiScenario{
			Name:            "bob creates " + collection + " without naming the author",
			Method:          http.MethodPost,
			URL:             recordsURL(collection),
			Body:            jsonBody(c.body),
			Headers:         asUser(t, friend),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"user":"` + BobId + `"`},
			TestAppFactory:  community,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectCount(t, app, collection, nil, communityCounts[collection]+1)
			},
		}
		s.Test(t)
	}
}

// Not even a superuser (the dashboard) or code in the app moves a record to
// another author: it would move it into another audience.
func TestAuthorNeverChanges(t *testing.T) {
	cases := []struct{ collection, id, field, to string }{
		{"goals", GoalSecretId, "user", BobId},
		{"todos", TodoSecretId, "user", BobId},
		{"diaries", DiaryPrivateId, "user", DaveId},
		{"likes", LikeAlicePrivateId, "user", BobId},
		{"follows", followId(t, CarolId, AliceId), "follower", DaveId},
	}

	app := community(t)
	defer app.Cleanup()

	for _, c := range cases {
		record, err := app.FindRecordById(c.collection, c.id)
		if err != nil {
			t.Fatal(err)
		}
		was := record.GetString(c.field)

		record.Set(c.field, c.to)
		err = app.Save(record)
		if !hasFieldError(err, c.field, "validation_immutable") {
			t.Errorf("%s %s: moving %s to %s: expected validation_immutable, got %v", c.collection, c.id, c.field, c.to, err)
		}
		expectField(t, app, c.collection, c.id, c.field, was)
	}
}

// hasFieldError reports whether err holds the validation error code for field.
func hasFieldError(err error, field, code string) bool {
	var errs validation.Errors
	if !errors.As(err, &errs) {
		return false
	}
	fieldErr, ok := errs[field].(validation.Error)
	return ok && fieldErr.Code() == code
}

// A record created in Go and saved again keeps working: its Original() is
// blank until loaded, so the author check reads the stored author instead.
func TestAuthorCheckOfRecordSavedTwice(t *testing.T) {
	app := NewCommunityApp(t)
	defer app.Cleanup()

	todos, err := app.FindCollectionByNameOrId("todos")
	if err != nil {
		t.Fatal(err)
	}
	todo := core.NewRecord(todos)
	todo.Load(map[string]any{"user": AliceId, "contents": "first", "date": Day})
	if err := app.Save(todo); err != nil {
		t.Fatalf("create: %v", err)
	}

	todo.Set("contents", "second")
	if err := app.Save(todo); err != nil {
		t.Fatalf("a second save without an author change must pass, got %v", err)
	}

	todo.Set("user", BobId)
	err = app.Save(todo)
	var errs validation.Errors
	if !errors.As(err, &errs) || errs["user"] == nil {
		t.Fatalf("moving the todo to bob must fail on user, got %v", err)
	}
}
