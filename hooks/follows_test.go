package hooks_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"

	. "github.com/todomate/todomate/internal/fixture"
)

var communityFollows struct {
	sync.Mutex
	ids map[[2]string]string
}

// followId is the id of the community's follow of followingId by followerId.
func followId(t testing.TB, followerId, followingId string) string {
	t.Helper()

	communityFollows.Lock()
	defer communityFollows.Unlock()

	if communityFollows.ids == nil {
		app := community(t)
		defer app.Cleanup()

		follows, err := app.FindAllRecords("follows")
		if err != nil {
			t.Fatal(err)
		}
		communityFollows.ids = map[[2]string]string{}
		for _, f := range follows {
			communityFollows.ids[[2]string{f.GetString("follower"), f.GetString("following")}] = f.Id
		}
	}

	id, ok := communityFollows.ids[[2]string{followerId, followingId}]
	if !ok {
		t.Fatalf("no follow of %s by %s in the community", followingId, followerId)
	}
	return id
}

func follows(followerId, followingId string) dbx.Expression {
	return dbx.HashExp{"follower": followerId, "following": followingId}
}

func TestFollowsCreate(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{
			Name:            "dave follows alice; the follower is filled in",
			Method:          http.MethodPost,
			URL:             recordsURL("follows"),
			Body:            jsonBody(`{"following":"useralice000000"}`),
			Headers:         asUser(t, stranger),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"follower":"` + DaveId + `"`, `"following":"` + AliceId + `"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectCount(t, app, "follows", follows(DaveId, AliceId), 1)
				expectCount(t, app, "friendships", friendsOf(DaveId), 0)
			},
		},
		{
			Name:            "dave follows alice naming himself",
			Method:          http.MethodPost,
			URL:             recordsURL("follows"),
			Body:            jsonBody(`{"follower":"userdave0000000","following":"useralice000000"}`),
			Headers:         asUser(t, stranger),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"follower":"` + DaveId + `"`},
		},
		{
			Name:               "dave makes carol follow him",
			Method:             http.MethodPost,
			URL:                recordsURL("follows"),
			Body:               jsonBody(`{"follower":"usercarol000000","following":"userdave0000000"}`),
			Headers:            asUser(t, stranger),
			ExpectedStatus:     http.StatusBadRequest,
			ExpectedContent:    []string{fieldError("follower", "validation_not_author")},
			NotExpectedContent: []string{`"id":"`},
			AfterTestFunc:      expectNothingWritten,
		},
		{
			Name:               "dave follows himself",
			Method:             http.MethodPost,
			URL:                recordsURL("follows"),
			Body:               jsonBody(`{"following":"userdave0000000"}`),
			Headers:            asUser(t, stranger),
			ExpectedStatus:     http.StatusBadRequest,
			ExpectedContent:    []string{fieldError("following", "validation_self_follow")},
			NotExpectedContent: []string{`"id":"`},
			AfterTestFunc:      expectNothingWritten,
		},
		{
			Name:               "carol follows alice a second time",
			Method:             http.MethodPost,
			URL:                recordsURL("follows"),
			Body:               jsonBody(`{"following":"useralice000000"}`),
			Headers:            asUser(t, follower),
			ExpectedStatus:     http.StatusBadRequest,
			ExpectedContent:    []string{`"code":"validation_not_unique"`},
			NotExpectedContent: []string{`"id":"`},
			AfterTestFunc:      expectNothingWritten,
		},
		{
			Name:               "dave follows nobody",
			Method:             http.MethodPost,
			URL:                recordsURL("follows"),
			Body:               jsonBody(`{}`),
			Headers:            asUser(t, stranger),
			ExpectedStatus:     http.StatusBadRequest,
			ExpectedContent:    []string{fieldError("following", "validation_required")},
			NotExpectedContent: []string{`"id":"`},
			AfterTestFunc:      expectNothingWritten,
		},
		{
			Name:               "dave follows a user that does not exist",
			Method:             http.MethodPost,
			URL:                recordsURL("follows"),
			Body:               jsonBody(`{"following":"missing00000000"}`),
			Headers:            asUser(t, stranger),
			ExpectedStatus:     http.StatusBadRequest,
			ExpectedContent:    []string{fieldError("following", "validation_missing_rel_records")},
			NotExpectedContent: []string{`"id":"`},
			AfterTestFunc:      expectNothingWritten,
		},
		{
			Name:               "anonymous follows alice",
			Method:             http.MethodPost,
			URL:                recordsURL("follows"),
			Body:               jsonBody(`{"following":"useralice000000"}`),
			ExpectedStatus:     http.StatusBadRequest,
			ExpectedContent:    []string{`"status":400`},
			NotExpectedContent: []string{`"id":"`},
			AfterTestFunc:      expectNothingWritten,
		},
	}

	for _, s := range scenarios {
		s.TestAppFactory = community
		s.Test(t)
	}
}

// A follow is deleted by either end (unfollow, remove a follower) and by
// nobody else; it is never updated.
func TestFollowsUpdateAndDelete(t *testing.T) {
	carolFollowsAlice := followId(t, CarolId, AliceId)
	gone := func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		expectExists(t, app, "follows", carolFollowsAlice, false)
	}

	scenarios := []tests.ApiScenario{
		{
			Name:           "carol unfollows alice",
			Method:         http.MethodDelete,
			URL:            recordURL("follows", carolFollowsAlice),
			Headers:        asUser(t, follower),
			ExpectedStatus: http.StatusNoContent,
			AfterTestFunc:  gone,
		},
		{
			Name:           "alice removes her follower carol",
			Method:         http.MethodDelete,
			URL:            recordURL("follows", carolFollowsAlice),
			Headers:        asUser(t, owner),
			ExpectedStatus: http.StatusNoContent,
			AfterTestFunc:  gone,
		},
	}
	for _, requester := range []string{friend, stranger, anonymous} {
		scenarios = append(scenarios, tests.ApiScenario{
			Name:               who(requester) + " deletes carol's follow of alice",
			Method:             http.MethodDelete,
			URL:                recordURL("follows", carolFollowsAlice),
			Headers:            asUser(t, requester),
			ExpectedStatus:     http.StatusNotFound,
			ExpectedContent:    []string{`"status":404`},
			NotExpectedContent: []string{carolFollowsAlice},
			AfterTestFunc:      expectNothingWritten,
		})
	}
	for _, requester := range everyone {
		scenarios = append(scenarios, tests.ApiScenario{
			Name:               who(requester) + " turns carol's follow of alice into one of dave",
			Method:             http.MethodPatch,
			URL:                recordURL("follows", carolFollowsAlice),
			Body:               jsonBody(`{"following":"userdave0000000"}`),
			Headers:            asUser(t, requester),
			ExpectedStatus:     http.StatusForbidden,
			ExpectedContent:    []string{`"status":403`},
			NotExpectedContent: []string{carolFollowsAlice},
			AfterTestFunc:      expectNothingWritten,
		})
	}

	for _, s := range scenarios {
		s.TestAppFactory = community
		s.Test(t)
	}
}

// The follow graph is public to signed-in users, and to nobody else.
func TestFollowsVisibility(t *testing.T) {
	all := []string{followId(t, AliceId, BobId), followId(t, BobId, AliceId), followId(t, CarolId, AliceId)}

	var scenarios []tests.ApiScenario
	for _, requester := range everyone {
		s := tests.ApiScenario{
			Name:           who(requester) + " lists follows",
			Method:         http.MethodGet,
			URL:            recordsURL("follows"),
			Headers:        asUser(t, requester),
			ExpectedStatus: http.StatusOK,
			TestAppFactory: community,
		}
		if requester == anonymous {
			s.ExpectedContent = []string{`"totalItems":0`}
			s.NotExpectedContent = all
		} else {
			s.ExpectedContent = append([]string{`"totalItems":3`}, all...)
		}
		scenarios = append(scenarios, s)
	}

	for _, s := range scenarios {
		s.Test(t)
	}
}
