package routes_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/internal/apitest"
	"github.com/todomate/todomate/internal/fixture"
)

// TestEndedGoalsStayInFeedAndCalendar: an ended goal takes no new todos but
// keeps what it has, so the routes show its past todos, its title and its
// colour as before it ended, on the direct SQL and through the rules.
func TestEndedGoalsStayInFeedAndCalendar(t *testing.T) {
	community := func(t testing.TB) *tests.TestApp { return fixture.NewCommunityApp(t) }

	// alice's day painted (paintAlicesDay), then work (red, one done todo)
	// and read (green, two done of three) ended
	endGoals := func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		paintAlicesDay(t, app, e)
		saveFields(t, app, collections.Goals, fixture.GoalWorkId, map[string]any{collections.GoalsFieldEnded: true})
		read, err := app.FindFirstRecordByData(collections.Goals, collections.GoalsFieldTitle, "read")
		if err != nil {
			t.Fatal(err)
		}
		saveFields(t, app, collections.Goals, read.Id, map[string]any{collections.GoalsFieldEnded: true})
	}
	paths := []struct {
		name   string
		before func(testing.TB, *tests.TestApp, *core.ServeEvent)
	}{
		{"direct SQL", endGoals},
		{"through the rules", func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			endGoals(t, app, e)
			fixture.RestateRoutesRules(t, app)
		}},
	}

	scenarios := []tests.ApiScenario{}
	for _, path := range paths {
		scenarios = append(scenarios,
			tests.ApiScenario{
				Name:           "a friend's calendar keeps the ended goals' counts and colours, " + path.name,
				Method:         http.MethodGet,
				URL:            calendarURL(fixture.AliceId, "?month=2026-11"),
				Headers:        apitest.AsCommunity(t, "bob"),
				TestAppFactory: community,
				BeforeTestFunc: path.before,
				ExpectedStatus: 200,
				ExpectedContent: []string{`{"date":"2026-11-24","total":6,"done":4,"emoji":"🔥","colors":["` +
					readGreen + `","` + workRed + `"]}`},
			},
			tests.ApiScenario{
				Name:           "the owner's calendar too, " + path.name,
				Method:         http.MethodGet,
				URL:            calendarURL(fixture.AliceId, "?month=2026-11"),
				Headers:        apitest.AsCommunity(t, "alice"),
				TestAppFactory: community,
				BeforeTestFunc: path.before,
				ExpectedStatus: 200,
				ExpectedContent: []string{`{"date":"2026-11-24","total":7,"done":5,"emoji":"🔥","colors":["` +
					readGreen + `","` + secretPurple + `","` + workRed + `"]}`},
			},
			tests.ApiScenario{
				Name:           "a friend's feed keeps the ended goal's todo under its goal, " + path.name,
				Method:         http.MethodGet,
				URL:            feedURL + "?date=" + fixture.Day,
				Headers:        apitest.AsCommunity(t, "bob"),
				TestAppFactory: community,
				BeforeTestFunc: path.before,
				ExpectedStatus: 200,
				ExpectedContent: []string{
					`{"id":"` + fixture.TodoWorkId + `","contents":"alice work todo","is_checked":true,"goal":{"id":"` +
						fixture.GoalWorkId + `","title":"work","color":"` + workRed + `"}`,
					`"contents":"alice reads 0","is_checked":true,"goal":{"id":`,
				},
			},
		)
	}

	for _, scenario := range scenarios {
		scenario.Test(t)
	}
}
