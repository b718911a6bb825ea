package hooks_test

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/todomate/todomate/internal/apitest"
	. "github.com/todomate/todomate/internal/fixture"
)

// 2026-11-23 (OtherDay) is a Monday, 2026-11-24 (Day) a Tuesday.
const routineBody = `{"contents":"stretch","goal":"` + GoalWorkId + `","weekdays":["mon","tue","fri"],"start":"2026-11-23","end":"2026-12-06"}`

// routineDays are the todos of the routine, as date → contents, and their
// sorts, for the AfterTestFuncs.
func routineDays(t testing.TB, app core.App, routine string) (days map[string]string, sorts map[string]int) {
	t.Helper()
	todos, err := app.FindAllRecords("todos", dbx.HashExp{"routine": routine})
	if err != nil {
		t.Fatal(err)
	}
	days, sorts = map[string]string{}, map[string]int{}
	for _, todo := range todos {
		days[todo.GetString("date")] = todo.GetString("contents") + "|" + todo.GetString("goal")
		sorts[todo.GetString("date")] = todo.GetInt("sort")
	}
	return days, sorts
}

func onlyRoutine(t testing.TB, app core.App) *core.Record {
	t.Helper()
	routines, err := app.FindAllRecords("routines")
	if err != nil || len(routines) != 1 {
		t.Fatalf("want one routine, got %d (%v)", len(routines), err)
	}
	return routines[0]
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// A routine is written out as a todo on each of its days, in the request
// that makes it, each last on its day.
func TestRoutineCreateWritesItsDays(t *testing.T) {
	s := tests.ApiScenario{
		Name:            "alice's Mon/Tue/Fri routine for two weeks",
		Method:          http.MethodPost,
		URL:             recordsURL("routines"),
		Body:            jsonBody(routineBody),
		Headers:         asUser(t, owner),
		TestAppFactory:  community,
		ExpectedStatus:  http.StatusOK,
		ExpectedContent: []string{`"user":"` + AliceId + `"`, `"weekdays":["mon","tue","fri"]`},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			days, sorts := routineDays(t, app, onlyRoutine(t, app).Id)
			want := []string{"2026-11-23", "2026-11-24", "2026-11-27", "2026-11-30", "2026-12-01", "2026-12-04"}
			if got := sortedKeys(days); !slices.Equal(got, want) {
				t.Fatalf("days %v, want %v", got, want)
			}
			for day, contents := range days {
				if contents != "stretch|"+GoalWorkId {
					t.Errorf("%s: %q", day, contents)
				}
			}
			// alice had three todos on Day (sorts 0): the routine's comes after
			if sorts[Day] != 1 || sorts["2026-11-27"] != 0 {
				t.Errorf("sorts %v: want 1 on %s (after alice's todos), 0 on an empty day", sorts, Day)
			}
		},
	}
	s.Test(t)
}

// Bad routines are a 400 on the field at fault, in every body encoding,
// and nothing is written: no routine, no todo.
func TestRoutineBadInput(t *testing.T) {
	bad := []struct {
		name, field, code string
		values            map[string]any
	}{
		{"no weekday", "weekdays", "validation_required", map[string]any{"weekdays": []string{}}},
		{"a weekday that is none", "weekdays", "validation_invalid_value", map[string]any{"weekdays": []string{"funday"}}},
		{"an end before the start", "end", "validation_end_before_start", map[string]any{"end": "2026-11-22"}},
		{"more than a year", "end", "validation_range_too_long", map[string]any{"end": "2027-11-24"}},
		{"a start that is no day", "start", "validation_invalid_day", map[string]any{"start": "2026-02-30"}},
		{"no end", "end", "validation_required", map[string]any{"end": ""}},
		{"no day on a chosen weekday", "weekdays", "validation_no_routine_days", map[string]any{"start": Day, "end": Day, "weekdays": []string{"mon"}}},
		{"another user's goal", "goal", "validation_missing_rel_records", map[string]any{"goal": "goalbobnothere"}},
		{"blank contents", "contents", "validation_required", map[string]any{"contents": "   "}},
	}
	base := map[string]any{"contents": "stretch", "goal": GoalWorkId, "weekdays": []string{"mon"}, "start": "2026-11-23", "end": "2026-12-06"}

	for _, b := range bad {
		values := map[string]any{}
		for k, v := range base {
			values[k] = v
		}
		for k, v := range b.values {
			values[k] = v
		}
		for _, enc := range []struct{ name, contentType, body string }{
			{"json", "application/json", toJSON(t, values)},
			{"urlencoded", "application/x-www-form-urlencoded", toForm(values).Encode()},
			{"multipart", "multipart/form-data; boundary=" + boundary, multipartBody(toParts(values), "")},
		} {
			s := tests.ApiScenario{
				Name:            b.name + " (" + enc.name + ")",
				Method:          http.MethodPost,
				URL:             recordsURL("routines"),
				Body:            strings.NewReader(enc.body),
				Headers:         withContentType(asUser(t, owner), enc.contentType),
				TestAppFactory:  community,
				ExpectedStatus:  http.StatusBadRequest,
				ExpectedContent: []string{fieldError(b.field, b.code)},
				AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
					expectNothingWritten(t, app, res)
					if n := countRecords(t, app, "routines", nil); n != 0 {
						t.Errorf("%d routines written", n)
					}
				},
			}
			s.Test(t)
		}
	}
}

func toForm(values map[string]any) url.Values {
	form := url.Values{}
	for k, v := range values {
		switch v := v.(type) {
		case []string:
			for _, item := range v {
				form.Add(k, item)
			}
		default:
			form.Set(k, v.(string))
		}
	}
	return form
}

func toParts(values map[string]any) []part {
	var parts []part
	for _, k := range sortedKeys(values) {
		switch v := values[k].(type) {
		case []string:
			for _, item := range v {
				parts = append(parts, field(k, item))
			}
		default:
			parts = append(parts, field(k, v.(string)))
		}
	}
	return parts
}

// saveRoutine makes a routine of alice's as the create request would.
func saveRoutine(t testing.TB, app core.App, goal string) *core.Record {
	t.Helper()
	routines, err := app.FindCollectionByNameOrId("routines")
	if err != nil {
		t.Fatal(err)
	}
	routine := core.NewRecord(routines)
	routine.Load(map[string]any{"user": AliceId, "contents": "routine under " + goal, "goal": goal,
		"weekdays": []string{"mon", "tue", "fri"}, "start": "2026-11-23", "end": "2026-12-06"})
	if err := app.Save(routine); err != nil {
		t.Fatalf("save routine: %v", err)
	}
	return routine
}

func withRoutine(goal string, also ...func(testing.TB, *tests.TestApp)) func(testing.TB, *tests.TestApp, *core.ServeEvent) {
	return func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
		saveRoutine(t, app, goal)
		for _, fn := range also {
			fn(t, app)
		}
	}
}

// loosenRule sets a collection's list and view rules to rule.
func loosenRule(collection, rule string) func(testing.TB, *tests.TestApp) {
	return func(t testing.TB, app *tests.TestApp) {
		apitest.SetListViewRule(t, app, collection, rule)
	}
}

// A routine is its owner's alone, and its days are seen as its goal says:
// under alice's private goal, by nobody else through any door. Each
// scenario has a twin with the rule loosened, which must then show what the
// first one says is hidden (so a leaky rule fails the first).
func TestRoutinePrivacy(t *testing.T) {
	secretDays := withFilter("todos", `contents = "routine under `+GoalSecretId+`"`)
	scenarios := []tests.ApiScenario{
		{
			Name:            "the owner lists her routine",
			Method:          http.MethodGet,
			URL:             recordsURL("routines"),
			Headers:         asUser(t, owner),
			TestAppFactory:  community,
			BeforeTestFunc:  withRoutine(GoalSecretId),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"totalItems":1`, `routine under ` + GoalSecretId},
		},
		{
			Name:               "her friend does not list it",
			Method:             http.MethodGet,
			URL:                recordsURL("routines"),
			Headers:            asUser(t, friend),
			TestAppFactory:     community,
			BeforeTestFunc:     withRoutine(GoalWorkId),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":0`},
			NotExpectedContent: []string{"routine under"},
		},
		{
			Name:            "her friend lists it with the routines rule loosened",
			Method:          http.MethodGet,
			URL:             recordsURL("routines"),
			Headers:         asUser(t, friend),
			TestAppFactory:  community,
			BeforeTestFunc:  withRoutine(GoalWorkId, loosenRule("routines", `@request.auth.id != ""`)),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"totalItems":1`},
		},
		{
			Name:               "her friend sees the days of a routine under a shared goal, not the routine through expand",
			Method:             http.MethodGet,
			URL:                withFilter("todos", `contents = "routine under `+GoalWorkId+`"`) + "&expand=routine",
			Headers:            asUser(t, friend),
			TestAppFactory:     community,
			BeforeTestFunc:     withRoutine(GoalWorkId),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":6`},
			NotExpectedContent: []string{`"expand":{"routine"`, `"weekdays"`},
		},
		{
			Name:               "her friend cannot filter todos by what the routine says",
			Method:             http.MethodGet,
			URL:                withFilter("todos", `routine.weekdays ?= "mon"`),
			Headers:            asUser(t, friend),
			TestAppFactory:     community,
			BeforeTestFunc:     withRoutine(GoalWorkId),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"totalItems":0`},
			NotExpectedContent: []string{"routine under"},
		},
	}
	for _, requester := range []string{friend, follower, stranger} {
		scenarios = append(scenarios,
			tests.ApiScenario{
				Name:               who(requester) + ": no day of a routine under a private goal",
				Method:             http.MethodGet,
				URL:                secretDays,
				Headers:            asUser(t, requester),
				TestAppFactory:     community,
				BeforeTestFunc:     withRoutine(GoalSecretId),
				ExpectedStatus:     http.StatusOK,
				ExpectedContent:    []string{`"totalItems":0`},
				NotExpectedContent: []string{"routine under"},
			},
			tests.ApiScenario{
				Name:               who(requester) + ": not in the feed",
				Method:             http.MethodGet,
				URL:                "/api/todomate/feed?date=" + Day,
				Headers:            asUser(t, requester),
				TestAppFactory:     community,
				BeforeTestFunc:     withRoutine(GoalSecretId),
				ExpectedStatus:     http.StatusOK,
				NotExpectedContent: []string{"routine under"},
			},
		)
	}
	scenarios = append(scenarios, tests.ApiScenario{
		Name:            "friend: the days of a private routine with the todos rule loosened",
		Method:          http.MethodGet,
		URL:             secretDays,
		Headers:         asUser(t, friend),
		TestAppFactory:  community,
		BeforeTestFunc:  withRoutine(GoalSecretId, loosenRule("todos", `@request.auth.id != ""`)),
		ExpectedStatus:  http.StatusOK,
		ExpectedContent: []string{`"totalItems":6`},
	})
	for _, s := range scenarios {
		s.Test(t)
	}
}

// A todo's routine is the server's to set: a client names none, and a day
// moved to another date leaves its routine.
func TestTodoRoutineIsTheServers(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{
			Name:            "a todo naming a routine",
			Method:          http.MethodPost,
			URL:             recordsURL("todos"),
			Headers:         asUser(t, owner),
			TestAppFactory:  community,
			BeforeTestFunc:  withRoutine(GoalWorkId, knownDay(Day)),
			Body:            jsonBody(`{"contents":"x","date":"` + Day + `","routine":"anyroutine00000"}`),
			ExpectedStatus:  http.StatusBadRequest,
			ExpectedContent: []string{fieldError("routine", "validation_set_by_server")},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if n := countRecords(t, app, "todos", dbx.HashExp{"contents": "x"}); n != 0 {
					t.Errorf("%d todos written", n)
				}
			},
		},
		{
			Name:            "a routine's day moved to another date leaves the routine",
			Method:          http.MethodPatch,
			URL:             recordURL("todos", routineDayId),
			Body:            jsonBody(`{"date":"2026-11-25"}`),
			Headers:         asUser(t, owner),
			TestAppFactory:  community,
			BeforeTestFunc:  withRoutine(GoalWorkId, knownDay(Day)),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"routine":""`, `"date":"2026-11-25"`},
		},
		{
			Name:               "a routine's day checked stays in the routine",
			Method:             http.MethodPatch,
			URL:                recordURL("todos", routineDayId),
			Body:               jsonBody(`{"is_checked":true}`),
			Headers:            asUser(t, owner),
			TestAppFactory:     community,
			BeforeTestFunc:     withRoutine(GoalWorkId, knownDay(Day)),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"is_checked":true`},
			NotExpectedContent: []string{`"routine":""`},
		},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

// routineDayId is the id knownDay gives the only routine's day on a date.
const routineDayId = "todoroutineday0"

// knownDay gives the routine's todo on day the id routineDayId, so that a
// scenario's URL can name it.
func knownDay(day string) func(testing.TB, *tests.TestApp) {
	return func(t testing.TB, app *tests.TestApp) {
		_, err := app.DB().NewQuery("UPDATE todos SET id = {:id} WHERE routine != '' AND date = {:day}").
			Bind(dbx.Params{"id": routineDayId, "day": day}).Execute()
		if err != nil {
			t.Fatal(err)
		}
	}
}

// dayOf is the id of routine's todo on day.
func dayOf(t testing.TB, app core.App, routine, day string) string {
	t.Helper()
	todo, err := app.FindFirstRecordByFilter("todos", "routine = {:r} && date = {:d}", dbx.Params{"r": routine, "d": day})
	if err != nil {
		t.Fatalf("routine %s on %s: %v", routine, day, err)
	}
	return todo.Id
}

func toJSON(t testing.TB, values map[string]any) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("{")
	for i, k := range sortedKeys(values) {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"` + k + `":`)
		switch v := values[k].(type) {
		case []string:
			quoted := make([]string, len(v))
			for j, item := range v {
				quoted[j] = `"` + item + `"`
			}
			b.WriteString("[" + strings.Join(quoted, ",") + "]")
		default:
			b.WriteString(`"` + v.(string) + `"`)
		}
	}
	b.WriteString("}")
	return b.String()
}

func laterURL(todo string) string { return "/api/todomate/todos/" + todo + "/later" }

// expectDays is an AfterTestFunc: the only routine's days are want (date →
// contents), and its end is end.
func expectDays(want map[string]string, end string) func(testing.TB, *tests.TestApp, *http.Response) {
	return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		routine := onlyRoutine(t, app)
		days, _ := routineDays(t, app, routine.Id)
		got := map[string]string{}
		for day, contents := range days {
			got[day] = strings.SplitN(contents, "|", 2)[0]
		}
		if !maps.Equal(got, want) {
			t.Errorf("days\n got  %v\n want %v", got, want)
		}
		if routine.GetString("end") != end {
			t.Errorf("end %s, want %s", routine.GetString("end"), end)
		}
	}
}

// The days of routineBody-like routine saveRoutine writes: Mon/Tue/Fri from
// 2026-11-23 to 2026-12-06.
var workRoutineDays = map[string]string{
	"2026-11-23": "routine under " + GoalWorkId, "2026-11-24": "routine under " + GoalWorkId,
	"2026-11-27": "routine under " + GoalWorkId, "2026-11-30": "routine under " + GoalWorkId,
	"2026-12-01": "routine under " + GoalWorkId, "2026-12-04": "routine under " + GoalWorkId,
}

// "This and later days": the routine changes from the todo's day on, the
// days before keep what they were; a kept day keeps its check and cheers.
func TestRoutineLater(t *testing.T) {
	checkedAndCheered := func(t testing.TB, app *tests.TestApp) {
		if _, err := app.DB().NewQuery("UPDATE todos SET is_checked = TRUE WHERE id = {:id}").Bind(dbx.Params{"id": routineDayId}).Execute(); err != nil {
			t.Fatal(err)
		}
		likes, _ := app.FindCollectionByNameOrId("likes")
		like := core.NewRecord(likes)
		like.Load(map[string]any{"user": BobId, "todo": routineDayId, "emoji": "🔥"})
		if err := app.Save(like); err != nil {
			t.Fatal(err)
		}
	}
	unchanged := expectDays(workRoutineDays, "2026-12-06")
	yoga := map[string]string{
		"2026-11-23": "routine under " + GoalWorkId, // before: kept as it was
		"2026-11-24": "yoga", "2026-11-26": "yoga", "2026-12-01": "yoga", "2026-12-03": "yoga",
	}

	scenarios := []tests.ApiScenario{
		{
			Name:            "Tue/Thu yoga from Tuesday on (JSON)",
			Method:          http.MethodPost,
			URL:             laterURL(routineDayId),
			Body:            jsonBody(`{"contents":"yoga","weekdays":["tue","thu"]}`),
			Headers:         asUser(t, owner),
			TestAppFactory:  community,
			BeforeTestFunc:  withRoutine(GoalWorkId, knownDay(Day), checkedAndCheered),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"contents":"yoga"`, `"weekdays":["tue","thu"]`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				expectDays(yoga, "2026-12-06")(t, app, res)
				kept, err := app.FindRecordById("todos", routineDayId)
				if err != nil || !kept.GetBool("is_checked") {
					t.Errorf("the kept day lost its check: %v", err)
				}
				if n := countRecords(t, app, "likes", dbx.HashExp{"todo": routineDayId}); n != 1 {
					t.Errorf("the kept day's cheer: %d", n)
				}
			},
		},
		{
			Name:            "Tue/Thu yoga from Tuesday on (urlencoded)",
			Method:          http.MethodPost,
			URL:             laterURL(routineDayId),
			Body:            strings.NewReader("contents=yoga&weekdays=tue&weekdays=thu"),
			Headers:         withContentType(asUser(t, owner), "application/x-www-form-urlencoded"),
			TestAppFactory:  community,
			BeforeTestFunc:  withRoutine(GoalWorkId, knownDay(Day)),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"weekdays":["tue","thu"]`},
			AfterTestFunc:   expectDays(yoga, "2026-12-06"),
		},
		{
			Name:            "Tue/Thu yoga from Tuesday on (multipart)",
			Method:          http.MethodPost,
			URL:             laterURL(routineDayId),
			Body:            strings.NewReader(multipartBody([]part{field("contents", "yoga"), field("weekdays", "tue"), field("weekdays", "thu")}, "")),
			Headers:         withContentType(asUser(t, owner), "multipart/form-data; boundary="+boundary),
			TestAppFactory:  community,
			BeforeTestFunc:  withRoutine(GoalWorkId, knownDay(Day)),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"weekdays":["tue","thu"]`},
			AfterTestFunc:   expectDays(yoga, "2026-12-06"),
		},
		{
			Name:            "an earlier end from Tuesday on",
			Method:          http.MethodPost,
			URL:             laterURL(routineDayId),
			Body:            jsonBody(`{"end":"2026-11-29"}`),
			Headers:         asUser(t, owner),
			TestAppFactory:  community,
			BeforeTestFunc:  withRoutine(GoalWorkId, knownDay(Day)),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"end":"2026-11-29"`},
			AfterTestFunc: expectDays(map[string]string{
				"2026-11-23": "routine under " + GoalWorkId, "2026-11-24": "routine under " + GoalWorkId, "2026-11-27": "routine under " + GoalWorkId,
			}, "2026-11-29"),
		},
		{
			Name:           "delete Tuesday and later days",
			Method:         http.MethodDelete,
			URL:            laterURL(routineDayId),
			Headers:        asUser(t, owner),
			TestAppFactory: community,
			BeforeTestFunc: withRoutine(GoalWorkId, knownDay(Day)),
			ExpectedStatus: http.StatusNoContent,
			AfterTestFunc:  expectDays(map[string]string{"2026-11-23": "routine under " + GoalWorkId}, "2026-11-23"),
		},
		{
			Name:           "delete from the first day: the routine goes with all its days",
			Method:         http.MethodDelete,
			URL:            laterURL(routineDayId),
			Headers:        asUser(t, owner),
			TestAppFactory: community,
			BeforeTestFunc: withRoutine(GoalWorkId, knownDay(OtherDay)),
			ExpectedStatus: http.StatusNoContent,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if n := countRecords(t, app, "routines", nil); n != 0 {
					t.Errorf("%d routines left", n)
				}
				if n := countRecords(t, app, "todos", dbx.HashExp{"contents": "routine under " + GoalWorkId}); n != 0 {
					t.Errorf("%d days left", n)
				}
			},
		},
	}

	// refused: nothing of the routine changes
	for _, r := range []struct {
		name, method, requester, url, body string
		status                             int
		content                            string
	}{
		{"no weekday", http.MethodPost, owner, laterURL(routineDayId), `{"weekdays":[]}`, 400, fieldError("weekdays", "validation_required")},
		{"an end before the start", http.MethodPost, owner, laterURL(routineDayId), `{"end":"2026-11-01"}`, 400, fieldError("end", "validation_end_before_start")},
		{"an end more than a year on", http.MethodPost, owner, laterURL(routineDayId), `{"end":"2028-01-01"}`, 400, fieldError("end", "validation_range_too_long")},
		{"contents of the wrong type", http.MethodPost, owner, laterURL(routineDayId), `{"contents":5}`, 400, fieldError("contents", "validation_invalid_type")},
		{"another user's goal", http.MethodPost, owner, laterURL(routineDayId), `{"goal":"goalbobnothere"}`, 400, fieldError("goal", "validation_missing_rel_records")},
		{"not a JSON object", http.MethodPost, owner, laterURL(routineDayId), `[1]`, 400, fieldError("body", "validation_invalid_body")},
		{"a todo that is no routine's day", http.MethodPost, owner, laterURL(TodoPlainId), `{"contents":"x"}`, 400, fieldError("routine", "validation_not_routine")},
		{"her friend edits her routine", http.MethodPost, friend, laterURL(routineDayId), `{"contents":"x"}`, 404, `"status":404`},
		{"her friend deletes her routine's days", http.MethodDelete, friend, laterURL(routineDayId), "", 404, `"status":404`},
		{"a stranger deletes her routine's days", http.MethodDelete, stranger, laterURL(routineDayId), "", 404, `"status":404`},
		{"anonymous", http.MethodDelete, anonymous, laterURL(routineDayId), "", 401, `"status":401`},
		{"a todo that does not exist", http.MethodDelete, owner, laterURL("todonothere0000"), "", 404, `"status":404`},
	} {
		scenarios = append(scenarios, tests.ApiScenario{
			Name:            "refused: " + r.name,
			Method:          r.method,
			URL:             r.url,
			Body:            strings.NewReader(r.body),
			Headers:         withContentType(asUser(t, r.requester), "application/json"),
			TestAppFactory:  community,
			BeforeTestFunc:  withRoutine(GoalWorkId, knownDay(Day)),
			ExpectedStatus:  r.status,
			ExpectedContent: []string{r.content},
			AfterTestFunc:   unchanged,
		})
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}
