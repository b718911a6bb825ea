package routes_test

import (
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/internal/apitest"
	"github.com/todomate/todomate/internal/fixture"
)

func calendarURL(userId, query string) string {
	return "/api/todomate/users/" + userId + "/calendar" + query
}

// notFoundBody is the whole answer for a user that does not exist, and so
// for one that is neither the auth user nor a friend.
const notFoundBody = `{"data":{},"message":"The requested resource wasn't found.","status":404}`

func TestCalendar(t *testing.T) {
	circle := func(t testing.TB) *tests.TestApp { return fixture.NewCircleApp(t) }
	community := func(t testing.TB) *tests.TestApp { return fixture.NewCommunityApp(t) }
	november := "?month=2026-11"

	scenarios := []tests.ApiScenario{
		{
			Name:            "anonymous",
			Method:          http.MethodGet,
			URL:             calendarURL(fixture.CircleMaxId, november),
			TestAppFactory:  circle,
			ExpectedStatus:  401,
			ExpectedContent: []string{`"data":{}`},
			ExpectedEvents:  map[string]int{"*": 0},
		},
		{
			// the 20th holds only max's private goal's todo, the 24th a
			// private diary; October 31 and December 1 are other months
			Name:           "a friend's month: visible days, counts and emoji only",
			Method:         http.MethodGet,
			URL:            calendarURL(fixture.CircleMaxId, november),
			Headers:        apitest.AsCircle(t, "vic"),
			TestAppFactory: circle,
			ExpectedStatus: 200,
			ExpectedContent: []string{`{"month":"2026-11","days":[` +
				`{"date":"2026-11-23","total":0,"done":0,"emoji":"🌙","colors":[]},` +
				`{"date":"2026-11-24","total":3,"done":1,"emoji":null,"colors":[]}]}`},
			NotExpectedContent: []string{"2026-11-20", "🤐", "2026-10-31", "2026-12-01"},
			ExpectedEvents:     map[string]int{"*": 0},
		},
		{
			Name:           "one's own month, private things included",
			Method:         http.MethodGet,
			URL:            calendarURL(fixture.CircleMaxId, november),
			Headers:        apitest.AsCircle(t, "max"),
			TestAppFactory: circle,
			ExpectedStatus: 200,
			ExpectedContent: []string{`{"month":"2026-11","days":[` +
				`{"date":"2026-11-20","total":1,"done":0,"emoji":null,"colors":[]},` +
				`{"date":"2026-11-23","total":0,"done":0,"emoji":"🌙","colors":[]},` +
				`{"date":"2026-11-24","total":4,"done":1,"emoji":"🤐","colors":[]}]}`},
		},
		{
			Name:            "a month with nothing",
			Method:          http.MethodGet,
			URL:             calendarURL(fixture.CircleMaxId, "?month=2026-09"),
			Headers:         apitest.AsCircle(t, "vic"),
			TestAppFactory:  circle,
			ExpectedStatus:  200,
			ExpectedContent: []string{`{"month":"2026-09","days":[]}`},
		},
		{
			Name:               "a friend's private diary day is no day at all",
			Method:             http.MethodGet,
			URL:                calendarURL(fixture.AliceId, november),
			Headers:            apitest.AsCommunity(t, "bob"),
			TestAppFactory:     community,
			ExpectedStatus:     200,
			ExpectedContent:    []string{`{"month":"2026-11","days":[{"date":"2026-11-24","total":2,"done":0,"emoji":"🔥","colors":[]}]}`},
			NotExpectedContent: []string{fixture.OtherDay, "🤫"},
		},
		{
			Name:            "the month defaults to this one (UTC)",
			Method:          http.MethodGet,
			URL:             calendarURL(fixture.CircleMaxId, ""),
			Headers:         apitest.AsCircle(t, "vic"),
			TestAppFactory:  circle,
			ExpectedStatus:  200,
			ExpectedContent: []string{`"days":`},
			AfterTestFunc:   expectToday("month", "2006-01"),
		},
		{
			Name:            "the diaries rule, loosened, loosens the calendar",
			Method:          http.MethodGet,
			URL:             calendarURL(fixture.AliceId, november),
			Headers:         apitest.AsCommunity(t, "bob"),
			TestAppFactory:  community,
			BeforeTestFunc:  setRule("diaries", `user = @request.auth.id || user.friendships_via_user.friend ?= @request.auth.id`),
			ExpectedStatus:  200,
			ExpectedContent: []string{`{"date":"2026-11-23","total":0,"done":0,"emoji":"🤫","colors":[]}`},
		},
		{
			Name:            "the todos rule, loosened, loosens the calendar",
			Method:          http.MethodGet,
			URL:             calendarURL(fixture.AliceId, november),
			Headers:         apitest.AsCommunity(t, "bob"),
			TestAppFactory:  community,
			BeforeTestFunc:  setRule("todos", `user = @request.auth.id || user.friendships_via_user.friend ?= @request.auth.id`),
			ExpectedStatus:  200,
			ExpectedContent: []string{`{"date":"2026-11-24","total":3,"done":0,"emoji":"🔥","colors":[]}`},
		},
	}

	// Someone who is not a friend sees the days of the user's "everyone"
	// things only: none here.
	emptyMonth := `{"month":"2026-11","days":[]}`
	for _, c := range []struct{ name, username, userId string }{
		{"a one-way follower of the user", "oli", fixture.CircleVicId},
		{"a user followed one-way", "vic", fixture.CirclePatId},
		{"a user who follows one-way", "vic", fixture.CircleOliId},
		{"a user with no relation", "oli", fixture.CircleMaxId},
	} {
		scenarios = append(scenarios, tests.ApiScenario{
			Name:            "nothing for everyone: " + c.name,
			Method:          http.MethodGet,
			URL:             calendarURL(c.userId, november),
			Headers:         apitest.AsCircle(t, c.username),
			TestAppFactory:  circle,
			ExpectedStatus:  200,
			ExpectedContent: []string{emptyMonth},
			AfterTestFunc:   expectBody(emptyMonth),
			ExpectedEvents:  map[string]int{"*": 0},
		})
	}
	scenarios = append(scenarios, tests.ApiScenario{
		Name:            "404: a user that does not exist",
		Method:          http.MethodGet,
		URL:             calendarURL("usernotthere000", november),
		Headers:         apitest.AsCircle(t, "vic"),
		TestAppFactory:  circle,
		ExpectedStatus:  404,
		ExpectedContent: []string{notFoundBody},
		AfterTestFunc:   expectBody(notFoundBody),
		ExpectedEvents:  map[string]int{"*": 0},
	})
	for _, username := range []string{"carol", "dave"} {
		scenarios = append(scenarios, tests.ApiScenario{
			Name:               "nothing for everyone: alice's calendar for " + username,
			Method:             http.MethodGet,
			URL:                calendarURL(fixture.AliceId, november),
			Headers:            apitest.AsCommunity(t, username),
			TestAppFactory:     community,
			ExpectedStatus:     200,
			ExpectedContent:    []string{emptyMonth},
			NotExpectedContent: []string{fixture.Day, "🔥"},
			AfterTestFunc:      expectBody(emptyMonth),
		})
	}
	scenarios = append(scenarios,
		tests.ApiScenario{
			Name:           `dave sees the day of alice's "everyone" diary and goal, and nothing else`,
			Method:         http.MethodGet,
			URL:            calendarURL(fixture.AliceId, november),
			Headers:        apitest.AsCommunity(t, "dave"),
			TestAppFactory: community,
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
				setLevel(t, app, collections.Diaries, fixture.DiaryPublicId, collections.VisibilityEveryone)
				setLevel(t, app, collections.Goals, fixture.GoalWorkId, collections.VisibilityEveryone)
			},
			ExpectedStatus:  200,
			ExpectedContent: []string{`{"month":"2026-11","days":[{"date":"2026-11-24","total":1,"done":0,"emoji":"🔥","colors":[]}]}`},
		},
		tests.ApiScenario{
			Name:           "404: the calendar of a user who blocks the auth user, even with everyone things",
			Method:         http.MethodGet,
			URL:            calendarURL(fixture.AliceId, november),
			Headers:        apitest.AsCommunity(t, "dave"),
			TestAppFactory: community,
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
				setLevel(t, app, collections.Diaries, fixture.DiaryPublicId, collections.VisibilityEveryone)
				saveBlock(t, app, fixture.AliceId, fixture.DaveId)
			},
			ExpectedStatus:     404,
			ExpectedContent:    []string{notFoundBody},
			NotExpectedContent: []string{"🔥"},
		},
		tests.ApiScenario{
			Name:           "the blocker sees the blocked user's calendar, with nothing of theirs",
			Method:         http.MethodGet,
			URL:            calendarURL(fixture.AliceId, november),
			Headers:        apitest.AsCommunity(t, "bob"),
			TestAppFactory: community,
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
				setLevel(t, app, collections.Diaries, fixture.DiaryPublicId, collections.VisibilityEveryone)
				saveBlock(t, app, fixture.BobId, fixture.AliceId)
			},
			ExpectedStatus:  200,
			ExpectedContent: []string{emptyMonth},
		},
	)

	for _, month := range []string{"2026-13", "2026-1", "2026-11-01", "november", "26-11", "2026-00"} {
		scenarios = append(scenarios, tests.ApiScenario{
			Name:            "bad month " + month,
			Method:          http.MethodGet,
			URL:             calendarURL(fixture.CircleMaxId, "?month="+month),
			Headers:         apitest.AsCircle(t, "vic"),
			TestAppFactory:  circle,
			ExpectedStatus:  400,
			ExpectedContent: []string{`"data":{"month":{"code":"validation_invalid_month"`},
			ExpectedEvents:  map[string]int{"*": 0},
		})
	}

	for _, scenario := range scenarios {
		scenario.Test(t)
	}
}

// expectBody checks that the response body is exactly want.
func expectBody(want string) func(testing.TB, *tests.TestApp, *http.Response) {
	return func(t testing.TB, _ *tests.TestApp, res *http.Response) {
		body, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(body); got != want && got != want+"\n" {
			t.Errorf("body %q, want %q", got, want)
		}
	}
}

// setLevel saves the record with the visibility level, through the hooks.
func setLevel(t testing.TB, app core.App, collection, id, level string) {
	t.Helper()
	record, err := app.FindRecordById(collection, id)
	if err != nil {
		t.Fatal(err)
	}
	record.Set(collections.FieldVisibility, level)
	if err := app.Save(record); err != nil {
		t.Fatalf("%s %s to %s: %v", collection, id, level, err)
	}
}

// saveBlock saves blocker's block of blocked, through the hooks.
func saveBlock(t testing.TB, app core.App, blocker, blocked string) {
	t.Helper()
	blocks, err := app.FindCollectionByNameOrId(collections.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	block := core.NewRecord(blocks)
	block.Set(collections.BlocksFieldBlocker, blocker)
	block.Set(collections.BlocksFieldBlocked, blocked)
	if err := app.Save(block); err != nil {
		t.Fatalf("block of %s by %s: %v", blocked, blocker, err)
	}
}

// The colours of alice's goals on Day, painted by paintAlicesDay.
const (
	workRed      = "#e5484d" // work (friends): one todo, done
	secretPurple = "#8e4ec6" // secret (me): one todo, done
	readGreen    = "#30a46c" // read (friends): three todos, two done
	gymOrange    = "#f76b15" // gym (friends): one todo, not done
)

// TestCalendarPaintsDoneDays: a day's colours are those of the goals of
// its done todos that the auth user may see, the colour of the most done
// todos first and ties by colour; a done todo with no goal and a goal with
// nothing done paint nothing. The same on the direct SQL and through the
// rules.
func TestCalendarPaintsDoneDays(t *testing.T) {
	community := func(t testing.TB) *tests.TestApp { return fixture.NewCommunityApp(t) }
	november := "?month=2026-11"

	paths := []struct {
		name   string
		before func(testing.TB, *tests.TestApp, *core.ServeEvent)
	}{
		{"direct SQL", paintAlicesDay},
		{"through the rules", func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			paintAlicesDay(t, app, e)
			fixture.RestateRoutesRules(t, app)
		}},
	}

	scenarios := []tests.ApiScenario{}
	for _, path := range paths {
		scenarios = append(scenarios,
			tests.ApiScenario{
				// read 2 done, then secret and work 1 each in colour order;
				// gym (nothing done) and the plain todo (no goal) paint nothing
				Name:           "the owner's day in all its colours, " + path.name,
				Method:         http.MethodGet,
				URL:            calendarURL(fixture.AliceId, november),
				Headers:        apitest.AsCommunity(t, "alice"),
				TestAppFactory: community,
				BeforeTestFunc: path.before,
				ExpectedStatus: 200,
				ExpectedContent: []string{`{"date":"2026-11-24","total":7,"done":5,"emoji":"🔥","colors":["` +
					readGreen + `","` + secretPurple + `","` + workRed + `"]}`},
				NotExpectedContent: []string{gymOrange},
			},
			tests.ApiScenario{
				Name:           "a friend's day without the colour of a goal of hers only, " + path.name,
				Method:         http.MethodGet,
				URL:            calendarURL(fixture.AliceId, november),
				Headers:        apitest.AsCommunity(t, "bob"),
				TestAppFactory: community,
				BeforeTestFunc: path.before,
				ExpectedStatus: 200,
				ExpectedContent: []string{`{"date":"2026-11-24","total":6,"done":4,"emoji":"🔥","colors":["` +
					readGreen + `","` + workRed + `"]}`},
				NotExpectedContent: []string{secretPurple, gymOrange},
			},
			tests.ApiScenario{
				Name:               "a stranger sees no colour of a friends goal, " + path.name,
				Method:             http.MethodGet,
				URL:                calendarURL(fixture.AliceId, november),
				Headers:            apitest.AsCommunity(t, "dave"),
				TestAppFactory:     community,
				BeforeTestFunc:     path.before,
				ExpectedStatus:     200,
				ExpectedContent:    []string{`{"month":"2026-11","days":[]}`},
				NotExpectedContent: []string{readGreen, workRed, secretPurple},
			},
		)
	}

	for _, scenario := range scenarios {
		scenario.Test(t)
	}
}

// paintAlicesDay colours alice's goals and checks her todos on Day: work's
// (red), secret's (purple, a goal of hers only) and the plain one (no goal);
// adds the goals read (green, three todos, two of them checked) and gym
// (orange, one todo, unchecked). Saved through the hooks, which give each
// todo its goal's audience.
func paintAlicesDay(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
	t.Helper()

	for id, color := range map[string]string{fixture.GoalWorkId: workRed, fixture.GoalSecretId: secretPurple} {
		saveFields(t, app, collections.Goals, id, map[string]any{collections.GoalsFieldColor: color})
	}
	for _, id := range []string{fixture.TodoWorkId, fixture.TodoSecretId, fixture.TodoPlainId} {
		saveFields(t, app, collections.Todos, id, map[string]any{collections.TodosFieldIsChecked: true})
	}

	read := saveNew(t, app, collections.Goals, map[string]any{
		collections.FieldUser: fixture.AliceId, collections.GoalsFieldTitle: "read", collections.GoalsFieldColor: readGreen,
	})
	for i, checked := range []bool{true, true, false} {
		saveNew(t, app, collections.Todos, map[string]any{
			collections.FieldUser: fixture.AliceId, collections.FieldDate: fixture.Day, collections.TodosFieldGoal: read.Id,
			collections.TodosFieldContents: fmt.Sprintf("alice reads %d", i), collections.TodosFieldIsChecked: checked,
		})
	}

	gym := saveNew(t, app, collections.Goals, map[string]any{
		collections.FieldUser: fixture.AliceId, collections.GoalsFieldTitle: "gym", collections.GoalsFieldColor: gymOrange,
	})
	saveNew(t, app, collections.Todos, map[string]any{
		collections.FieldUser: fixture.AliceId, collections.FieldDate: fixture.Day, collections.TodosFieldGoal: gym.Id,
		collections.TodosFieldContents: "alice goes to the gym",
	})
}

// saveFields saves the record with the fields changed, through the hooks.
func saveFields(t testing.TB, app core.App, collection, id string, fields map[string]any) {
	t.Helper()
	record, err := app.FindRecordById(collection, id)
	if err != nil {
		t.Fatal(err)
	}
	record.Load(fields)
	if err := app.Save(record); err != nil {
		t.Fatalf("%s %s with %v: %v", collection, id, fields, err)
	}
}

// saveNew saves a new record of the collection, through the hooks.
func saveNew(t testing.TB, app core.App, collection string, fields map[string]any) *core.Record {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	record := core.NewRecord(c)
	record.Load(fields)
	if err := app.Save(record); err != nil {
		t.Fatalf("new %s %v: %v", collection, fields, err)
	}
	return record
}
