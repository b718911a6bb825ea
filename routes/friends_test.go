package routes_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/todomate/todomate/internal/apitest"
	"github.com/todomate/todomate/internal/fixture"
)

const friendsURL = "/api/todomate/friends"

func TestFriends(t *testing.T) {
	circle := func(t testing.TB) *tests.TestApp { return fixture.NewCircleApp(t) }
	community := func(t testing.TB) *tests.TestApp { return fixture.NewCommunityApp(t) }

	scenarios := []tests.ApiScenario{
		{
			Name:            "anonymous",
			Method:          http.MethodGet,
			URL:             friendsURL,
			TestAppFactory:  circle,
			ExpectedStatus:  401,
			ExpectedContent: []string{`"data":{}`},
			ExpectedEvents:  map[string]int{"*": 0},
		},
		{
			Name:           "mutual follows, by username",
			Method:         http.MethodGet,
			URL:            friendsURL,
			Headers:        apitest.AsCircle(t, "vic"),
			TestAppFactory: circle,
			ExpectedStatus: 200,
			ExpectedContent: []string{`{"items":[` +
				`{"id":"usercamy0000000","username":"amy","name":"amy","avatar":"amy_face_0123456789.png"},` +
				`{"id":"userckim0000000","username":"kim","name":"kim","avatar":""},` +
				`{"id":"usercmax0000000","username":"max","name":"max","avatar":""},` +
				`{"id":"usercned0000000","username":"ned","name":"ned","avatar":""},` +
				`{"id":"userczoe0000000","username":"zoe","name":"zoe","avatar":""}]}`},
			// one-way either way is no friend; nor is vic of vic; and no
			// private user field comes along
			NotExpectedContent: []string{fixture.CircleOliId, fixture.CirclePatId, fixture.CircleVicId, "email", "@example.com", "tokenKey", "password"},
			ExpectedEvents:     map[string]int{"*": 0},
		},
		{
			Name:               "a one-way follower has no friends",
			Method:             http.MethodGet,
			URL:                friendsURL,
			Headers:            apitest.AsCircle(t, "oli"),
			TestAppFactory:     circle,
			ExpectedStatus:     200,
			ExpectedContent:    []string{`{"items":[]}`},
			NotExpectedContent: []string{fixture.CircleVicId},
		},
		{
			Name:            "alice's one friend",
			Method:          http.MethodGet,
			URL:             friendsURL,
			Headers:         apitest.AsCommunity(t, "alice"),
			TestAppFactory:  community,
			ExpectedStatus:  200,
			ExpectedContent: []string{`{"items":[{"id":"userbob00000000","username":"bob","name":"bob","avatar":""}]}`},
			// carol follows alice, who does not follow back
			NotExpectedContent: []string{fixture.CarolId, fixture.DaveId},
		},
		{
			Name:           "an unfollow ends the friendship",
			Method:         http.MethodGet,
			URL:            friendsURL,
			Headers:        apitest.AsCommunity(t, "alice"),
			TestAppFactory: community,
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
				follow, err := app.FindFirstRecordByFilter("follows", "follower = {:bob} && following = {:alice}",
					dbx.Params{"bob": fixture.BobId, "alice": fixture.AliceId})
				if err != nil {
					t.Fatal(err)
				}
				if err := app.Delete(follow); err != nil {
					t.Fatal(err)
				}
			},
			ExpectedStatus:     200,
			ExpectedContent:    []string{`{"items":[]}`},
			NotExpectedContent: []string{fixture.BobId},
		},
	}

	for _, scenario := range scenarios {
		scenario.Test(t)
	}
}
