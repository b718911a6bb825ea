package hooks_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	. "github.com/todomate/todomate/internal/fixture"
)

// aliceAlarmId is the id of the alarm withAlarm gives alice's plain todo,
// which her friend bob sees.
const aliceAlarmId = "alarmalice00000"

// withAlarm saves alice's 07:00 alarm on her plain todo.
func withAlarm(t testing.TB, app *tests.TestApp) {
	saveAlarm(t, app, aliceAlarmId, AliceId, TodoPlainId, "07:00")
}

func saveAlarm(t testing.TB, app *tests.TestApp, id, user, todo, time string) {
	t.Helper()
	alarms, err := app.FindCollectionByNameOrId("alarms")
	if err != nil {
		t.Fatal(err)
	}
	alarm := core.NewRecord(alarms)
	alarm.Load(map[string]any{"id": id, "user": user, "todo": todo, "time": time})
	if err := app.Save(alarm); err != nil {
		t.Fatalf("save alarm: %v", err)
	}
}

// loosenAlarms opens alarms to every signed-in user (list and view), or
// with rule "" to everyone: then the client-query guard lets a filter
// through them too.
func loosenAlarms(rule string) func(testing.TB, *tests.TestApp) {
	return loosenRule("alarms", rule)
}

// An alarm is its owner's alone: her friend, who sees the todo, gets
// nothing of it through any door. Each refusal has a twin with the alarms
// rule loosened which shows the alarm, so that a leaky rule fails the first.
func TestAlarmPrivacy(t *testing.T) {
	signedIn := loosenAlarms(`@request.auth.id != ""`)
	expandURL := recordsURL("todos") + "?expand=alarms_via_todo"
	expandOneURL := recordURL("todos", TodoPlainId) + "?expand=alarms_via_todo"
	filterURL := withFilter("todos", `alarms_via_todo.time = "07:00"`)
	scenario := func(name, as, url string, status int, expected, notExpected []string, setup ...func(testing.TB, *tests.TestApp)) tests.ApiScenario {
		return tests.ApiScenario{
			Name: name, Method: http.MethodGet, URL: url, Headers: asUser(t, as), TestAppFactory: community,
			BeforeTestFunc: before(append([]func(testing.TB, *tests.TestApp){withAlarm}, setup...)...),
			ExpectedStatus: status, ExpectedContent: expected, NotExpectedContent: notExpected,
		}
	}
	scenarios := []tests.ApiScenario{
		scenario("the owner lists her alarm", owner, recordsURL("alarms"), 200, []string{`"totalItems":1`, `"time":"07:00"`}, nil),
		scenario("the owner views it", owner, recordURL("alarms", aliceAlarmId), 200, []string{`"time":"07:00"`}, nil),
		scenario("the owner expands it from her todo", owner, expandURL, 200, []string{`"alarms_via_todo":{`, `"time":"07:00"`}, nil),

		scenario("the friend lists no alarm", friend, recordsURL("alarms"), 200, []string{`"totalItems":0`}, []string{"07:00"}),
		scenario("the friend lists it, the rule loosened", friend, recordsURL("alarms"), 200, []string{`"totalItems":1`, `"time":"07:00"`}, nil, signedIn),

		scenario("the friend views it: 404", friend, recordURL("alarms", aliceAlarmId), 404, []string{`"status":404`}, []string{"07:00"}),
		scenario("the friend views it, the rule loosened", friend, recordURL("alarms", aliceAlarmId), 200, []string{`"time":"07:00"`}, nil, signedIn),

		scenario("the friend sees the todo, not its alarm through expand", friend, expandURL, 200,
			[]string{`"id":"` + TodoPlainId + `"`}, []string{"alarms_via_todo", "07:00"}),
		scenario("the friend sees the todo, not its alarm through expand on view", friend, expandOneURL, 200,
			[]string{`"id":"` + TodoPlainId + `"`}, []string{"alarms_via_todo", "07:00"}),
		scenario("the friend expands it on view, the rule loosened", friend, expandOneURL, 200, []string{`"alarms_via_todo":{`, `"time":"07:00"`}, nil, signedIn),
		scenario("the friend expands it, the rule loosened", friend, expandURL, 200, []string{`"alarms_via_todo":{`, `"time":"07:00"`}, nil, signedIn),

		scenario("the friend cannot filter todos by an alarm", friend, filterURL, 400,
			[]string{fieldError("filter", "validation_private_relation")}, []string{"alice plain todo"}),
		scenario("the friend filters by it, the rule public", friend, filterURL, 200,
			[]string{`"totalItems":1`, "alice plain todo"}, nil, loosenAlarms("")),
		scenario("the friend cannot sort todos by an alarm", friend, withSort("todos", "alarms_via_todo.time"), 400,
			[]string{fieldError("sort", "validation_private_relation")}, nil),
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

// An alarm is on one of its author's own todos: another's, even one she
// sees, is answered exactly as a todo that does not exist.
func TestAlarmOnAnothersTodo(t *testing.T) {
	create := func(as, todo string) tests.ApiScenario {
		return tests.ApiScenario{
			Method: http.MethodPost, URL: recordsURL("alarms"), Headers: asUser(t, as), TestAppFactory: community,
			Body: jsonBody(`{"todo":"` + todo + `","time":"07:00"}`),
		}
	}
	missing := responseBody(t, create(friend, "todonothere0000"))
	if !strings.Contains(missing, fieldError("todo", "validation_missing_rel_records")) {
		t.Fatalf("a missing todo: %s", missing)
	}

	another := create(friend, TodoPlainId)
	another.Name = "bob's alarm on alice's todo, which he sees"
	another.ExpectedStatus = http.StatusBadRequest
	another.ExpectedContent = []string{missing}
	another.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		expectCount(t, app, "alarms", nil, 0)
	}
	another.Test(t)

	// the twin: on his own todo, the same request is made
	own := create(friend, TodoBobId)
	own.Name = "bob's alarm on his own todo"
	own.ExpectedStatus = http.StatusOK
	own.ExpectedContent = []string{`"user":"` + BobId + `"`, `"todo":"` + TodoBobId + `"`, `"time":"07:00"`}
	own.Test(t)
}

// responseBody runs s and returns its answer's body.
func responseBody(t *testing.T, s tests.ApiScenario) string {
	var body string
	s.Name = "the answer to compare with"
	s.ExpectedStatus = http.StatusBadRequest
	s.ExpectedContent = []string{`"data":{`}
	s.AfterTestFunc = func(t testing.TB, _ *tests.TestApp, res *http.Response) {
		raw, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		body = string(raw)
	}
	s.Test(t)
	return body
}

// Bad alarms are a 400 on the field at fault, in every body encoding, and
// nothing is written.
func TestAlarmBadInput(t *testing.T) {
	base := map[string]any{"todo": TodoPlainId, "time": "07:00"}
	bad := []struct {
		name, field, code string
		values            map[string]any
		setup             func(testing.TB, *tests.TestApp)
	}{
		{"no time", "time", "validation_required", map[string]any{"time": ""}, nil},
		{"7:00", "time", "validation_invalid_time", map[string]any{"time": "7:00"}, nil},
		{"24:00", "time", "validation_invalid_time", map[string]any{"time": "24:00"}, nil},
		{"12:60", "time", "validation_invalid_time", map[string]any{"time": "12:60"}, nil},
		{"07:00:00", "time", "validation_invalid_time", map[string]any{"time": "07:00:00"}, nil},
		{"noon", "time", "validation_invalid_time", map[string]any{"time": "noon"}, nil},
		{"no todo", "todo", "validation_required", map[string]any{"todo": ""}, nil},
		{"a todo that does not exist", "todo", "validation_missing_rel_records", map[string]any{"todo": "todonothere0000"}, nil},
		{"another's todo", "todo", "validation_missing_rel_records", map[string]any{"todo": TodoBobId}, nil},
		{"two todos", "todo", "validation_invalid_type", map[string]any{"todo": []string{TodoPlainId, TodoWorkId}}, nil},
		{"written as bob", "user", "validation_not_author", map[string]any{"user": BobId}, nil},
		{"a second alarm on a todo", "todo", "validation_not_unique", map[string]any{"time": "08:00"}, withAlarm},
	}
	for _, b := range bad {
		values := map[string]any{}
		for k, v := range base {
			values[k] = v
		}
		for k, v := range b.values {
			values[k] = v
		}
		wantAlarms := 0
		if b.setup != nil {
			wantAlarms = 1
		}
		for _, enc := range []struct{ name, contentType, body string }{
			{"json", "application/json", toJSON(t, values)},
			{"urlencoded", "application/x-www-form-urlencoded", toForm(values).Encode()},
			{"multipart", multipartType(), multipartBody(toParts(values), "")},
		} {
			s := tests.ApiScenario{
				Name:               b.name + " (" + enc.name + ")",
				Method:             http.MethodPost,
				URL:                recordsURL("alarms"),
				Body:               strings.NewReader(enc.body),
				Headers:            withContentType(asUser(t, owner), enc.contentType),
				TestAppFactory:     community,
				ExpectedStatus:     http.StatusBadRequest,
				ExpectedContent:    []string{fieldError(b.field, b.code)},
				NotExpectedContent: []string{`"status":500`},
				AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
					if wantAlarms == 0 {
						expectNothingWritten(t, app, res)
						return
					}
					expectCount(t, app, "alarms", nil, wantAlarms)
					expectField(t, app, "alarms", aliceAlarmId, "time", "07:00")
				},
			}
			if b.setup != nil {
				s.BeforeTestFunc = before(b.setup)
			}
			s.Test(t)
		}
	}
}

// Times at the edges are taken; the owner moves and deletes her alarm; the
// friend can do neither; the alarm goes with its todo.
func TestAlarmWrites(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{
			Name: "00:00", Method: http.MethodPost, URL: recordsURL("alarms"), Headers: asUser(t, owner), TestAppFactory: community,
			Body: jsonBody(`{"todo":"` + TodoSecretId + `","time":"00:00"}`), ExpectedStatus: 200,
			ExpectedContent: []string{`"time":"00:00"`, `"user":"` + AliceId + `"`},
		},
		{
			Name: "23:59", Method: http.MethodPost, URL: recordsURL("alarms"), Headers: asUser(t, owner), TestAppFactory: community,
			Body: jsonBody(`{"todo":"` + TodoSecretId + `","time":"23:59"}`), ExpectedStatus: 200,
			ExpectedContent: []string{`"time":"23:59"`},
		},
		{
			Name: "the owner changes the time", Method: http.MethodPatch, URL: recordURL("alarms", aliceAlarmId),
			Headers: asUser(t, owner), TestAppFactory: community, BeforeTestFunc: before(withAlarm),
			Body: jsonBody(`{"time":"06:15"}`), ExpectedStatus: 200, ExpectedContent: []string{`"time":"06:15"`},
		},
		{
			Name: "the owner changes it to a bad time", Method: http.MethodPatch, URL: recordURL("alarms", aliceAlarmId),
			Headers: asUser(t, owner), TestAppFactory: community, BeforeTestFunc: before(withAlarm),
			Body: jsonBody(`{"time":"25:00"}`), ExpectedStatus: 400, ExpectedContent: []string{fieldError("time", "validation_invalid_time")},
		},
		{
			Name: "the friend changes it: 404", Method: http.MethodPatch, URL: recordURL("alarms", aliceAlarmId),
			Headers: asUser(t, friend), TestAppFactory: community, BeforeTestFunc: before(withAlarm),
			Body: jsonBody(`{"time":"06:15"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectField(t, app, "alarms", aliceAlarmId, "time", "07:00")
			},
		},
		{
			Name: "the friend deletes it: 404", Method: http.MethodDelete, URL: recordURL("alarms", aliceAlarmId),
			Headers: asUser(t, friend), TestAppFactory: community, BeforeTestFunc: before(withAlarm),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectExists(t, app, "alarms", aliceAlarmId, true)
			},
		},
		{
			Name: "the owner deletes it", Method: http.MethodDelete, URL: recordURL("alarms", aliceAlarmId),
			Headers: asUser(t, owner), TestAppFactory: community, BeforeTestFunc: before(withAlarm),
			ExpectedStatus: 204,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectExists(t, app, "alarms", aliceAlarmId, false)
			},
		},
		{
			Name: "the alarm goes with its todo", Method: http.MethodDelete, URL: recordURL("todos", TodoPlainId),
			Headers: asUser(t, owner), TestAppFactory: community, BeforeTestFunc: before(withAlarm),
			ExpectedStatus: 204,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectCount(t, app, "alarms", dbx.HashExp{"id": aliceAlarmId}, 0)
			},
		},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

// The batch API (off in todomate, on here) is one more door to the own-todo
// check: an alarm on another's todo fails the batch as a todo that does not
// exist, and writes nothing; the same batch on one's own todo is made.
func TestAlarmThroughBatch(t *testing.T) {
	batch := func(name, todo string) tests.ApiScenario {
		return tests.ApiScenario{
			Name: name, Method: http.MethodPost, URL: "/api/batch", Headers: asUser(t, friend), TestAppFactory: withBatch,
			Body: jsonBody(`{"requests":[{"method":"POST","url":"` + recordsURL("alarms") + `",` +
				`"body":{"todo":"` + todo + `","time":"07:00"}}]}`),
		}
	}

	another := batch("bob's alarm on alice's todo, which he sees, in a batch", TodoPlainId)
	another.ExpectedStatus = http.StatusBadRequest
	another.ExpectedContent = []string{`"code":"batch_request_failed"`, fieldError("todo", "validation_missing_rel_records")}
	another.NotExpectedContent = []string{`"status":500`}
	another.AfterTestFunc = expectNothingWritten
	another.Test(t)

	own := batch("bob's alarm on his own todo, in a batch", TodoBobId)
	own.ExpectedStatus = http.StatusOK
	own.ExpectedContent = []string{`"user":"` + BobId + `"`, `"todo":"` + TodoBobId + `"`}
	own.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		expectCount(t, app, "alarms", dbx.HashExp{"user": BobId}, 1)
	}
	own.Test(t)
}
