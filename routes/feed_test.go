package routes_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/todomate/todomate/internal/apitest"
	"github.com/todomate/todomate/internal/fixture"
)

const feedURL = "/api/todomate/feed"

// vic's feed on fixture.Day, whole: friends by username (amy, max, zoe; kim
// has only private things, ned nothing that day), todos by sort then
// created, goals, like counts, vic's own likes, a diary or null.
const circleFeedItems = `"items":[` +
	`{"user":{"id":"usercamy0000000","username":"amy","name":"amy","avatar":"amy_face_0123456789.png"},` +
	`"todos":[{"id":"todocamy0000000","contents":"amy runs 5k","is_checked":false,"goal":{"id":"goalcamyrun0000","title":"run","color":"#4f7cff"},"proof":"amy_done_0123456789.jpg","likes":3,"liked":true,"reactions":[{"emoji":"🔥","count":2},{"emoji":"🎉","count":1}],"mine":"🔥"}],` +
	`"diary":{"id":"diarycamy000000","emoji":"🏃","content":"amy ran","photos":["amy_run_0123456789.jpg"],"likes":1,"liked":false,"reactions":[{"emoji":"👏","count":1}],"mine":null}},` +
	`{"user":{"id":"usercmax0000000","username":"max","name":"max","avatar":""},` +
	`"todos":[{"id":"todocmaxb000000","contents":"max created first","is_checked":false,"goal":null,"proof":"","likes":1,"liked":false,"reactions":[{"emoji":"👏","count":1}],"mine":null},` +
	`{"id":"todocmaxa000000","contents":"max created later","is_checked":false,"goal":null,"proof":"","likes":0,"liked":false,"reactions":[],"mine":null},` +
	`{"id":"todocmaxc000000","contents":"max sorted last","is_checked":true,"goal":null,"proof":"","likes":0,"liked":false,"reactions":[],"mine":null}],` +
	`"diary":null},` +
	`{"user":{"id":"userczoe0000000","username":"zoe","name":"zoe","avatar":""},` +
	`"todos":[],` +
	`"diary":{"id":"diaryczoe000000","emoji":"🌊","content":"zoe swam","photos":[],"likes":1,"liked":true,"reactions":[{"emoji":"👏","count":1}],"mine":"👏"}}]`

// What vic's feed never shows: things of friends that are private, and
// anything of people who are not friends (one-way follows either way).
var circleFeedHidden = []string{
	fixture.CircleTodoMaxSecretId, "max secret todo", fixture.CircleGoalSecretId, "max secret goal",
	fixture.CircleDiaryMaxId, "max private diary",
	fixture.CircleKimId, fixture.CircleTodoKimSecretId, fixture.CircleDiaryKimId, "kim secret",
	fixture.CircleNedId, fixture.CircleTodoNedId,
	fixture.CircleOliId, fixture.CircleTodoOliId, fixture.CircleDiaryOliId,
	fixture.CirclePatId, fixture.CircleTodoPatId, fixture.CircleDiaryPatId,
}

func TestFeed(t *testing.T) {
	circle := func(t testing.TB) *tests.TestApp { return fixture.NewCircleApp(t) }
	community := func(t testing.TB) *tests.TestApp { return fixture.NewCommunityApp(t) }
	day := "?date=" + fixture.Day

	scenarios := []tests.ApiScenario{
		{
			Name:            "anonymous",
			Method:          http.MethodGet,
			URL:             feedURL + day,
			TestAppFactory:  circle,
			ExpectedStatus:  401,
			ExpectedContent: []string{`"data":{}`},
			ExpectedEvents:  map[string]int{"*": 0},
		},
		{
			Name:               "the day of vic's friends, whole",
			Method:             http.MethodGet,
			URL:                feedURL + day,
			Headers:            apitest.AsCircle(t, "vic"),
			TestAppFactory:     circle,
			ExpectedStatus:     200,
			ExpectedContent:    []string{`{"date":"2026-11-24","page":1,"perPage":20,` + circleFeedItems + `}`},
			NotExpectedContent: circleFeedHidden,
			ExpectedEvents:     map[string]int{"*": 0},
		},
		{
			Name:           "first page of two friends",
			Method:         http.MethodGet,
			URL:            feedURL + day + "&page=1&perPage=2",
			Headers:        apitest.AsCircle(t, "vic"),
			TestAppFactory: circle,
			ExpectedStatus: 200,
			ExpectedContent: []string{
				`"page":1,"perPage":2,"items":[{"user":{"id":"usercamy0000000"`,
				`"diary":null}]}`, // max's, the last item
			},
			NotExpectedContent: append([]string{fixture.CircleZoeId}, circleFeedHidden...),
		},
		{
			Name:            "second page of two friends",
			Method:          http.MethodGet,
			URL:             feedURL + day + "&page=2&perPage=2",
			Headers:         apitest.AsCircle(t, "vic"),
			TestAppFactory:  circle,
			ExpectedStatus:  200,
			ExpectedContent: []string{`"page":2,"perPage":2,"items":[{"user":{"id":"userczoe0000000"`},
			// kim's only things that day are private: no page holds kim
			NotExpectedContent: append([]string{fixture.CircleAmyId, fixture.CircleMaxId}, circleFeedHidden...),
		},
		{
			Name:            "a page past the last",
			Method:          http.MethodGet,
			URL:             feedURL + day + "&page=3&perPage=2",
			Headers:         apitest.AsCircle(t, "vic"),
			TestAppFactory:  circle,
			ExpectedStatus:  200,
			ExpectedContent: []string{`{"date":"2026-11-24","page":3,"perPage":2,"items":[]}`},
		},
		{
			Name:            "a day with only a friend's private diary: nobody",
			Method:          http.MethodGet,
			URL:             feedURL + "?date=" + fixture.OtherDay,
			Headers:         apitest.AsCommunity(t, "bob"),
			TestAppFactory:  community,
			ExpectedStatus:  200,
			ExpectedContent: []string{`{"date":"2026-11-23","page":1,"perPage":20,"items":[]}`},
			NotExpectedContent: []string{
				fixture.AliceId, fixture.DiaryPrivateId, "alice private diary", "🤫",
			},
		},
		{
			Name:           "a friend's public things and likes, not the private goal's todo",
			Method:         http.MethodGet,
			URL:            feedURL + day,
			Headers:        apitest.AsCommunity(t, "bob"),
			TestAppFactory: community,
			ExpectedStatus: 200,
			ExpectedContent: []string{
				`"items":[{"user":{"id":"useralice000000","username":"alice","name":"alice","avatar":""},"todos":[`,
				`{"id":"todoplain000000","contents":"alice plain todo","is_checked":false,"goal":null,"proof":"","likes":1,"liked":true,"reactions":[{"emoji":"👏","count":1}],"mine":"👏"}`,
				`{"id":"todowork0000000","contents":"alice work todo","is_checked":false,"goal":{"id":"goalwork0000000","title":"work","color":"#4f7cff"},"proof":"","likes":0,"liked":false,"reactions":[],"mine":null}`,
				`"diary":{"id":"diarypublic0000","emoji":"🔥","content":"alice public diary","photos":[],"likes":1,"liked":true,"reactions":[{"emoji":"👏","count":1}],"mine":"👏"}}]`,
			},
			NotExpectedContent: []string{
				fixture.TodoSecretId, "alice secret todo", fixture.GoalSecretId, `"title":"secret"`,
				fixture.DiaryPrivateId, fixture.BobId,
			},
		},
		{
			Name:               "a one-way follower sees nothing",
			Method:             http.MethodGet,
			URL:                feedURL + day,
			Headers:            apitest.AsCommunity(t, "carol"),
			TestAppFactory:     community,
			ExpectedStatus:     200,
			ExpectedContent:    []string{`"items":[]`},
			NotExpectedContent: []string{fixture.AliceId, fixture.TodoPlainId, fixture.DiaryPublicId},
		},
		{
			Name:               "following one-way shows nothing",
			Method:             http.MethodGet,
			URL:                feedURL + day,
			Headers:            apitest.AsCircle(t, "oli"),
			TestAppFactory:     circle,
			ExpectedStatus:     200,
			ExpectedContent:    []string{`"items":[]`},
			NotExpectedContent: []string{fixture.CircleVicId},
		},
		{
			Name:            "the date defaults to today (UTC)",
			Method:          http.MethodGet,
			URL:             feedURL,
			Headers:         apitest.AsCircle(t, "vic"),
			TestAppFactory:  circle,
			ExpectedStatus:  200,
			ExpectedContent: []string{`"page":1,"perPage":20,"items":`},
			AfterTestFunc:   expectToday("date", "2006-01-02"),
		},
		// the rules, not the routes, say who sees what: loosened, the
		// private todo shows, so the privacy scenarios above can fail
		{
			Name:           "the todos rule, loosened, loosens the feed",
			Method:         http.MethodGet,
			URL:            feedURL + day,
			Headers:        apitest.AsCommunity(t, "bob"),
			TestAppFactory: community,
			BeforeTestFunc: setRule("todos", `user = @request.auth.id || user.friendships_via_user.friend ?= @request.auth.id`),
			ExpectedStatus: 200,
			ExpectedContent: []string{
				// the goal is read through the goals rule, which still hides it
				`{"id":"todosecret00000","contents":"alice secret todo","is_checked":false,"goal":null,"proof":"","likes":1,"liked":false,"reactions":[{"emoji":"👏","count":1}],"mine":null}`,
			},
		},
		{
			Name:            "the diaries rule, loosened, loosens the feed",
			Method:          http.MethodGet,
			URL:             feedURL + "?date=" + fixture.OtherDay,
			Headers:         apitest.AsCommunity(t, "bob"),
			TestAppFactory:  community,
			BeforeTestFunc:  setRule("diaries", `user = @request.auth.id || user.friendships_via_user.friend ?= @request.auth.id`),
			ExpectedStatus:  200,
			ExpectedContent: []string{`"diary":{"id":"diaryprivate000","emoji":"🤫"`},
		},
	}

	for _, bad := range []struct{ query, field, code string }{
		{"date=2026-02-30", "date", "validation_invalid_day"},
		{"date=2026-1-05", "date", "validation_invalid_day"},
		{"date=today", "date", "validation_invalid_day"},
		{"page=0", "page", "validation_min_greater_equal_than_required"},
		{"page=-1", "page", "validation_min_greater_equal_than_required"},
		{"page=one", "page", "validation_is_int"},
		{"page=1.5", "page", "validation_is_int"},
		{"perPage=0", "perPage", "validation_min_greater_equal_than_required"},
		{"perPage=101", "perPage", "validation_max_less_equal_than_required"},
		{"perPage=1e2", "perPage", "validation_is_int"},
		{"page=99999999999999999999", "page", "validation_is_int"},
	} {
		scenarios = append(scenarios, tests.ApiScenario{
			Name:            "bad " + bad.query,
			Method:          http.MethodGet,
			URL:             feedURL + "?" + bad.query,
			Headers:         apitest.AsCircle(t, "vic"),
			TestAppFactory:  circle,
			ExpectedStatus:  400,
			ExpectedContent: []string{`"data":{"` + bad.field + `":{"code":"` + bad.code + `"`},
			ExpectedEvents:  map[string]int{"*": 0},
		})
	}

	scenarios = append(scenarios, tests.ApiScenario{
		Name:           "every bad parameter at once",
		Method:         http.MethodGet,
		URL:            feedURL + "?date=2026-13-01&page=x&perPage=500",
		Headers:        apitest.AsCircle(t, "vic"),
		TestAppFactory: circle,
		ExpectedStatus: 400,
		ExpectedContent: []string{
			`"date":{"code":"validation_invalid_day"`,
			`"page":{"code":"validation_is_int"`,
			`"perPage":{"code":"validation_max_less_equal_than_required","message":"Must be no greater than 100."`,
		},
	})

	for _, scenario := range scenarios {
		scenario.Test(t)
	}
}

// setRule replaces the list and view rule of a collection before a request.
func setRule(collection, rule string) func(testing.TB, *tests.TestApp, *core.ServeEvent) {
	return func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
		apitest.SetListViewRule(t, app, collection, rule)
	}
}

// expectToday checks that the response's field is today (UTC) in layout;
// either side of a midnight that falls during the request will do.
func expectToday(field, layout string) func(testing.TB, *tests.TestApp, *http.Response) {
	before := time.Now().UTC().Format(layout)
	return func(t testing.TB, _ *tests.TestApp, res *http.Response) {
		after := time.Now().UTC().Format(layout)

		body, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]any
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatalf("%v: %s", err, body)
		}
		if got[field] != before && got[field] != after {
			t.Errorf("%s = %v, want today (%s)", field, got[field], after)
		}
	}
}

// A like by someone in a block with the viewer is a like the viewer may not
// see (the likes rule): the feed's counts leave it out, on the direct SQL
// and on PocketBase's rules alike. Vic blocks max, who cheered amy's todo
// with vic and zoe.
func TestFeedCountsNoLikeAcrossABlock(t *testing.T) {
	for name, newApp := range map[string]func(testing.TB) *tests.TestApp{
		"circle":          fixture.NewCircleApp,
		"circle_restated": fixture.NewRestatedCircleApp,
	} {
		for _, blocker := range []string{fixture.CircleVicId, fixture.CircleMaxId} {
			other := map[string]string{fixture.CircleVicId: fixture.CircleMaxId, fixture.CircleMaxId: fixture.CircleVicId}[blocker]
			s := tests.ApiScenario{
				Name:           name + ", blocked by " + blocker,
				Method:         http.MethodGet,
				URL:            feedURL + "?date=" + fixture.Day,
				Headers:        apitest.Auth(t, newApp, name, "vic"),
				TestAppFactory: newApp,
				BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
					blocks, err := app.FindCollectionByNameOrId("blocks")
					if err != nil {
						t.Fatal(err)
					}
					block := core.NewRecord(blocks)
					block.Set("blocker", blocker)
					block.Set("blocked", other)
					if err := app.Save(block); err != nil {
						t.Fatal(err)
					}
				},
				ExpectedStatus:  200,
				ExpectedContent: []string{`{"id":"todocamy0000000","contents":"amy runs 5k","is_checked":false,"goal":{"id":"goalcamyrun0000","title":"run","color":"#4f7cff"},"proof":"amy_done_0123456789.jpg","likes":2,"liked":true,`},
			}
			s.Test(t)
		}
	}
}

// A kept feed is not kept past a block: the next answer counts without the
// like of the one blocked.
func TestFeedKeptUntilABlock(t *testing.T) {
	app := fixture.NewCircleApp(t)
	t.Cleanup(app.Cleanup)
	handler := apitest.Handler(t, app)
	token := apitest.AsCircle(t, "vic")["Authorization"]
	url := feedURL + "?date=" + fixture.Day
	amysTodo := func(likes string) string {
		return `{"id":"todocamy0000000","contents":"amy runs 5k","is_checked":false,"goal":{"id":"goalcamyrun0000","title":"run","color":"#4f7cff"},"proof":"amy_done_0123456789.jpg","likes":` + likes + `,"liked":true,`
	}

	if body := apitest.GetAs(t, handler, token, url).Body.String(); !strings.Contains(body, amysTodo("3")) {
		t.Fatalf("before the block: %s", body)
	}
	blocks, err := app.FindCollectionByNameOrId("blocks")
	if err != nil {
		t.Fatal(err)
	}
	block := core.NewRecord(blocks)
	block.Set("blocker", fixture.CircleMaxId)
	block.Set("blocked", fixture.CircleVicId)
	if err := app.Save(block); err != nil {
		t.Fatal(err)
	}
	if body := apitest.GetAs(t, handler, token, url).Body.String(); !strings.Contains(body, amysTodo("2")) {
		t.Fatalf("after the block: %s", body)
	}
}
