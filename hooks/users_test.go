package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"

	. "github.com/todomate/todomate/internal/fixture"
)

var allUserIds = []string{AliceId, BobId, CarolId, DaveId}

// Signed-in users find each other; nobody anonymous does. Emails stay
// hidden from others.
func TestUsersVisibility(t *testing.T) {
	var scenarios []tests.ApiScenario
	for _, requester := range everyone {
		list := tests.ApiScenario{
			Name:           who(requester) + " lists users",
			Method:         http.MethodGet,
			URL:            recordsURL("users"),
			Headers:        asUser(t, requester),
			ExpectedStatus: http.StatusOK,
		}
		view := tests.ApiScenario{
			Name:    who(requester) + " views alice",
			Method:  http.MethodGet,
			URL:     recordURL("users", AliceId),
			Headers: asUser(t, requester),
		}
		switch requester {
		case anonymous:
			list.ExpectedContent = []string{`"totalItems":0`}
			list.NotExpectedContent = allUserIds
			view.ExpectedStatus = http.StatusNotFound
			view.ExpectedContent = []string{`"status":404`}
			view.NotExpectedContent = []string{AliceId, "alice"}
		case owner:
			list.ExpectedContent = append([]string{`"totalItems":4`, "alice@example.com"}, allUserIds...)
			list.NotExpectedContent = []string{"bob@example.com", "carol@example.com", "dave@example.com", "password", "tokenKey"}
			view.ExpectedStatus = http.StatusOK
			view.ExpectedContent = []string{`"username":"alice"`, "alice@example.com"}
		default:
			list.ExpectedContent = append([]string{`"totalItems":4`, `"username":"alice"`}, allUserIds...)
			list.NotExpectedContent = []string{"alice@example.com", "password", "tokenKey"}
			view.ExpectedStatus = http.StatusOK
			view.ExpectedContent = []string{`"username":"alice"`}
			view.NotExpectedContent = []string{"alice@example.com"}
		}
		scenarios = append(scenarios, list, view)
	}

	for _, s := range scenarios {
		s.TestAppFactory = community
		s.Test(t)
	}
}

// A user updates and deletes only themself.
func TestUsersUpdateAndDeleteThemselves(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{
			Name:            "alice renames herself",
			Method:          http.MethodPatch,
			URL:             recordURL("users", AliceId),
			Body:            jsonBody(`{"name":"Alice A.","bio":"plans her days"}`),
			Headers:         asUser(t, owner),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"name":"Alice A."`, `"bio":"plans her days"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectField(t, app, "users", AliceId, "name", "Alice A.")
			},
		},
	}
	for _, requester := range []string{friend, follower, stranger, anonymous} {
		scenarios = append(scenarios,
			tests.ApiScenario{
				Name:               who(requester) + " renames alice",
				Method:             http.MethodPatch,
				URL:                recordURL("users", AliceId),
				Body:               jsonBody(`{"name":"mallory"}`),
				Headers:            asUser(t, requester),
				ExpectedStatus:     http.StatusNotFound,
				ExpectedContent:    []string{`"status":404`},
				NotExpectedContent: []string{AliceId},
				AfterTestFunc:      expectNothingWritten,
			},
			tests.ApiScenario{
				Name:               who(requester) + " deletes alice",
				Method:             http.MethodDelete,
				URL:                recordURL("users", AliceId),
				Headers:            asUser(t, requester),
				ExpectedStatus:     http.StatusNotFound,
				ExpectedContent:    []string{`"status":404`},
				NotExpectedContent: []string{AliceId},
				AfterTestFunc:      expectNothingWritten,
			},
		)
	}

	for _, s := range scenarios {
		s.TestAppFactory = community
		s.Test(t)
	}
}

func TestUsersSignUpAndLogIn(t *testing.T) {
	signUp := func(username, email, password string) *strings.Reader {
		return jsonBody(`{"username":"` + username + `","email":"` + email +
			`","password":"` + password + `","passwordConfirm":"` + password + `"}`)
	}

	scenarios := []tests.ApiScenario{
		{
			Name:            "erin signs up",
			Method:          http.MethodPost,
			URL:             recordsURL("users"),
			Body:            signUp("erin_e.2", "erin@example.com", "longenough"),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"username":"erin_e.2"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectCount(t, app, "users", dbx.HashExp{"username": "erin_e.2"}, 1)
			},
		},
		{
			Name:               "someone signs up as alice",
			Method:             http.MethodPost,
			URL:                recordsURL("users"),
			Body:               signUp("alice", "other@example.com", "longenough"),
			ExpectedStatus:     http.StatusBadRequest,
			ExpectedContent:    []string{fieldError("username", "validation_not_unique")},
			NotExpectedContent: []string{`"id":"`},
			AfterTestFunc:      expectNothingWritten,
		},
		{
			Name:            "alice logs in with her username",
			Method:          http.MethodPost,
			URL:             "/api/collections/users/auth-with-password",
			Body:            jsonBody(`{"identity":"alice","password":"` + Password + `"}`),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"token":"`, `"id":"` + AliceId + `"`},
		},
		{
			Name:            "alice logs in with her email",
			Method:          http.MethodPost,
			URL:             "/api/collections/users/auth-with-password",
			Body:            jsonBody(`{"identity":"alice@example.com","password":"` + Password + `"}`),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"token":"`, `"id":"` + AliceId + `"`},
		},
		{
			Name:               "alice logs in with a wrong password",
			Method:             http.MethodPost,
			URL:                "/api/collections/users/auth-with-password",
			Body:               jsonBody(`{"identity":"alice","password":"wrong-password"}`),
			ExpectedStatus:     http.StatusBadRequest,
			ExpectedContent:    []string{`"status":400`},
			NotExpectedContent: []string{`"token"`},
		},
	}

	for _, s := range scenarios {
		s.TestAppFactory = community
		s.Test(t)
	}
}

// The username index ignores case, so "Alice" next to "alice" is refused
// even where the pattern would not catch it (a write that skips validation).
func TestUsernamesAreUniqueIgnoringCase(t *testing.T) {
	app := community(t)
	defer app.Cleanup()

	_, err := app.DB().NewQuery(
		"UPDATE users SET username = 'ALICE' WHERE id = {:id}",
	).Bind(dbx.Params{"id": BobId}).Execute()
	if err == nil || !strings.Contains(err.Error(), "UNIQUE") {
		t.Fatalf("expected a UNIQUE constraint error, got %v", err)
	}
}

// A sign-up hears of every field error at once, a taken username or email
// among them (the unique indexes alone would tell of it one submit later),
// in every body encoding, and nobody is created.
func TestSignUpErrorsAllAtOnce(t *testing.T) {
	for _, enc := range []struct {
		name, contentType string
		body              func() *strings.Reader
	}{
		{"json", "application/json", func() *strings.Reader {
			return jsonBody(`{"email":"not an email","username":"alice","password":"short","passwordConfirm":"short"}`)
		}},
		{"urlencoded", "application/x-www-form-urlencoded", func() *strings.Reader {
			return strings.NewReader("email=not+an+email&username=alice&password=short&passwordConfirm=short")
		}},
	} {
		s := tests.ApiScenario{
			Name:           "bad email, taken username and short password (" + enc.name + ")",
			Method:         http.MethodPost,
			URL:            recordsURL("users"),
			Body:           enc.body(),
			Headers:        map[string]string{"Content-Type": enc.contentType},
			TestAppFactory: community,
			ExpectedStatus: http.StatusBadRequest,
			ExpectedContent: []string{
				fieldError("email", "validation_is_email"),
				fieldError("username", "validation_not_unique"),
				fieldError("password", "validation_min_text_constraint"),
			},
			AfterTestFunc: expectNothingWritten,
		}
		s.Test(t)
	}

	// PocketBase checks passwordConfirm before the rest and, left alone,
	// answers a mismatch with nothing else
	for _, enc := range []struct {
		name, contentType string
		body              func() *strings.Reader
	}{
		{"json", "application/json", func() *strings.Reader {
			return jsonBody(`{"email":"not an email","username":"alice","password":"short","passwordConfirm":"other"}`)
		}},
		{"urlencoded", "application/x-www-form-urlencoded", func() *strings.Reader {
			return strings.NewReader("email=not+an+email&username=alice&password=short&passwordConfirm=other")
		}},
	} {
		s := tests.ApiScenario{
			Name:           "a mismatched passwordConfirm next to the other errors (" + enc.name + ")",
			Method:         http.MethodPost,
			URL:            recordsURL("users"),
			Body:           enc.body(),
			Headers:        map[string]string{"Content-Type": enc.contentType},
			TestAppFactory: community,
			ExpectedStatus: http.StatusBadRequest,
			ExpectedContent: []string{
				fieldError("email", "validation_is_email"),
				fieldError("username", "validation_not_unique"),
				fieldError("password", "validation_min_text_constraint"),
				fieldError("passwordConfirm", "validation_values_mismatch"),
			},
			NotExpectedContent: []string{`"tokenKey"`, `"id"`},
			AfterTestFunc:      expectNothingWritten,
		}
		s.Test(t)
	}

	mismatchAlone := tests.ApiScenario{
		Name:               "a mismatched passwordConfirm alone, when the rest is right",
		Method:             http.MethodPost,
		URL:                recordsURL("users"),
		Body:               jsonBody(`{"email":"new@example.com","username":"newcomer","password":"password123","passwordConfirm":"password124"}`),
		TestAppFactory:     community,
		ExpectedStatus:     http.StatusBadRequest,
		ExpectedContent:    []string{`"data":{"passwordConfirm":{"code":"validation_values_mismatch"`},
		NotExpectedContent: []string{`"email"`, `"username"`, `"password":`},
		AfterTestFunc:      expectNothingWritten,
	}
	mismatchAlone.Test(t)

	taken := tests.ApiScenario{
		Name:            "a taken email, in capitals, next to a taken username",
		Method:          http.MethodPost,
		URL:             recordsURL("users"),
		Body:            jsonBody(`{"email":"ALICE@example.com","username":"bob","password":"password123","passwordConfirm":"password123"}`),
		TestAppFactory:  community,
		ExpectedStatus:  http.StatusBadRequest,
		ExpectedContent: []string{fieldError("email", "validation_not_unique"), fieldError("username", "validation_not_unique")},
		AfterTestFunc:   expectNothingWritten,
	}
	taken.Test(t)
}
