package realtime_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/internal/apitest"
	"github.com/todomate/todomate/internal/fixture"
	"github.com/todomate/todomate/internal/sse"
)

// realtimeWait bounds every wait for an event; a test that waits this long
// has failed (an expected event never came).
const realtimeWait = 10 * time.Second

var allRealtimeTopics = []string{"todos/*", "diaries/*", "likes/*", "follows/*"}

// TestRealtimeAudience subscribes everyone of the community to every
// realtime collection and checks, per subscriber, the exact set of events
// received: what the rules let them view and nothing else.
func TestRealtimeAudience(t *testing.T) {
	app, srv := newRealtimeApp(t)

	alice := srv.connect(t, fixture.Token(t, app, "alice"), allRealtimeTopics...)
	bob := srv.connect(t, fixture.Token(t, app, "bob"), allRealtimeTopics...)
	carol := srv.connect(t, fixture.Token(t, app, "carol"), allRealtimeTopics...)
	dave := srv.connect(t, fixture.Token(t, app, "dave"), allRealtimeTopics...)
	guest := srv.connect(t, "", allRealtimeTopics...)
	superuser := srv.connect(t, fixture.SuperuserToken(t, app), allRealtimeTopics...)

	// a todo created through the REST API, as the SDK would
	srv.createTodoByAPI(t, fixture.Token(t, app, "alice"), "rt plain")
	plain := rtFindByContents(t, app, collections.Todos, "rt plain")
	secret := rtSaveTodo(t, app, fixture.AliceId, fixture.GoalSecretId, "rt secret")
	rtUpdate(t, app, plain, collections.TodosFieldIsChecked, true)
	privateDiary := rtSaveDiary(t, app, fixture.AliceId, "2026-11-01", "rt private diary", true)
	publicDiary := rtFindById(t, app, collections.Diaries, fixture.DiaryPublicId)
	rtUpdate(t, app, publicDiary, collections.DiariesFieldContent, "rt public diary")
	bobLike := rtSaveLike(t, app, fixture.BobId, collections.LikesFieldTodo, plain.Id)
	aliceLike := rtSaveLike(t, app, fixture.AliceId, collections.LikesFieldTodo, secret.Id)
	follow := rtSaveFollow(t, app, fixture.DaveId, fixture.CarolId)
	rtDeleteRecord(t, app, plain)

	everyone := []string{
		"follows create " + follow.Id,
	}
	aliceAndFriends := []string{
		"todos create " + plain.Id,
		"todos update " + plain.Id,
		"diaries update " + publicDiary.Id,
		"likes create " + bobLike.Id,
		"todos delete " + plain.Id,
		"likes delete " + bobLike.Id, // in cascade with the todo
	}
	aliceOnly := []string{
		"todos create " + secret.Id,
		"diaries create " + privateDiary.Id,
		"likes create " + aliceLike.Id,
	}

	// the guest becomes dave for its barrier: what it got before, it got as a guest
	srv.subscribe(t, guest, fixture.Token(t, app, "dave"), allRealtimeTopics...)

	cases := []struct {
		name   string
		sub    *rtSubscriber
		author string
		want   [][]string
	}{
		{"owner", alice, fixture.AliceId, [][]string{aliceAndFriends, aliceOnly, everyone}},
		{"friend", bob, fixture.BobId, [][]string{aliceAndFriends, everyone}},
		{"one-way follower", carol, fixture.CarolId, [][]string{everyone}},
		{"stranger", dave, fixture.DaveId, [][]string{everyone}},
		{"guest", guest, fixture.DaveId, nil},
		{"superuser", superuser, fixture.DaveId, [][]string{aliceAndFriends, aliceOnly, everyone}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rtSaveTodo(t, app, c.author, "", "barrier "+c.name)
			got := rtKeys(c.sub.until(t, "barrier "+c.name))
			rtAssertSameEvents(t, got, slices.Concat(c.want...))
		})
	}

	// the events are named after the subscription, as the SDK expects
	if ev := bob.seen[0]; ev.Name != "todos/*" {
		t.Fatalf("event name: got %q, want %q", ev.Name, "todos/*")
	}
}

// TestRealtimeSingleRecord: a subscription to one record gets that record's
// events and only if its rule allows.
func TestRealtimeSingleRecord(t *testing.T) {
	app, srv := newRealtimeApp(t)

	bob := srv.connect(t, fixture.Token(t, app, "bob"),
		"todos/"+fixture.TodoPlainId, "todos/"+fixture.TodoSecretId, "diaries/"+fixture.DiaryPrivateId)

	plain := rtFindById(t, app, collections.Todos, fixture.TodoPlainId)
	rtUpdate(t, app, plain, collections.TodosFieldContents, "rt plain 1")
	rtUpdate(t, app, rtFindById(t, app, collections.Todos, fixture.TodoWorkId), collections.TodosFieldContents, "rt work")
	rtUpdate(t, app, rtFindById(t, app, collections.Todos, fixture.TodoSecretId), collections.TodosFieldContents, "rt secret")
	rtUpdate(t, app, rtFindById(t, app, collections.Diaries, fixture.DiaryPrivateId), collections.DiariesFieldContent, "rt private")
	rtUpdate(t, app, plain, collections.TodosFieldContents, "barrier")

	got := bob.until(t, "barrier")
	rtAssertSameEvents(t, rtContentsOf(got), []string{"rt plain 1"})
	if got[0].Name != "todos/"+fixture.TodoPlainId {
		t.Fatalf("event name: got %q", got[0].Name)
	}
}

// TestRealtimeSubscriptionOptions: the SDK's filter, expand and fields
// options work and never widen what a subscriber sees.
func TestRealtimeSubscriptionOptions(t *testing.T) {
	app, srv := newRealtimeApp(t)

	checked := "todos/*?options=" + url.QueryEscape(`{"query":{"filter":"is_checked = true"}}`)
	byRequest := "todos/*?options=" + url.QueryEscape(`{"query":{"filter":"@request.auth.id != ''"}}`)
	expanded := "todos/*?options=" + url.QueryEscape(`{"query":{"expand":"goal,user"}}`)
	picked := "todos/*?options=" + url.QueryEscape(`{"query":{"fields":"id,contents"}}`)
	// a back-relation filter is refused when subscribing (client_queries.go)
	bob := srv.connect(t, fixture.Token(t, app, "bob"), checked, byRequest, expanded, picked)

	unchecked := rtSaveTodo(t, app, fixture.AliceId, fixture.GoalWorkId, "rt unchecked")
	rtUpdate(t, app, unchecked, collections.TodosFieldIsChecked, true)
	secret := rtSaveTodo(t, app, fixture.AliceId, fixture.GoalSecretId, "rt secret")
	rtUpdate(t, app, secret, collections.TodosFieldIsChecked, true)
	rtSaveTodo(t, app, fixture.AliceId, "", "barrier")

	var names []string
	for _, ev := range bob.until(t, "barrier") {
		names = append(names, ev.Name+" "+ev.Action+" "+ev.contents())

		switch ev.Name {
		case expanded:
			expand, _ := ev.Record["expand"].(map[string]any)
			goal, _ := expand["goal"].(map[string]any)
			user, _ := expand["user"].(map[string]any)
			if goal["title"] != "work" || user["username"] != "alice" {
				t.Errorf("expand: got %v", ev.Record["expand"])
			}
		case picked:
			if len(ev.Record) != 2 {
				t.Errorf("fields: got %v", ev.Record)
			}
		}
	}

	rtAssertSameEvents(t, names, []string{
		expanded + " create rt unchecked",
		picked + " create rt unchecked",
		checked + " update rt unchecked",
		expanded + " update rt unchecked",
		picked + " update rt unchecked",
	})
}

// TestRealtimeUnfollowMidBurst: alice writes todos while bob unfollows her,
// then while he follows her again. No todo written after the unfollow
// committed reaches him, none written after the new follow is missed.
func TestRealtimeUnfollowMidBurst(t *testing.T) {
	app, srv := newRealtimeApp(t)
	bob := srv.connect(t, fixture.Token(t, app, "bob"), "todos/*")

	write := func(round string) func(i int) (string, error) {
		return func(i int) (string, error) {
			return rtWriteTodo(app, fixture.AliceId, "", fmt.Sprintf("burst %s %d", round, i))
		}
	}

	unfollow := rtRunBurst(t, write("unfollow"), func() {
		rtDeleteRecord(t, app, rtFindFollow(t, app, fixture.BobId, fixture.AliceId))
	})
	refollow := rtRunBurst(t, write("refollow"), func() {
		rtSaveFollow(t, app, fixture.BobId, fixture.AliceId)
	})

	rtSaveTodo(t, app, fixture.BobId, "", "barrier")
	got := rtContentsOf(bob.until(t, "barrier"))

	rtAssertDelivered(t, got, unfollow.before, "written before the unfollow")
	rtAssertNotDelivered(t, got, unfollow.after, "written after the unfollow")
	rtAssertNotDelivered(t, got, refollow.before, "written before the new follow")
	rtAssertDelivered(t, got, refollow.after, "written after the new follow")
}

// TestRealtimeGoalPrivateMidBurst: alice writes todos under her goal "work"
// while she makes the goal private.
func TestRealtimeGoalPrivateMidBurst(t *testing.T) {
	app, srv := newRealtimeApp(t)
	bob := srv.connect(t, fixture.Token(t, app, "bob"), "todos/*")

	burst := rtRunBurst(t, func(i int) (string, error) {
		return rtWriteTodo(app, fixture.AliceId, fixture.GoalWorkId, fmt.Sprintf("burst goal %d", i))
	}, func() {
		rtUpdate(t, app, rtFindById(t, app, collections.Goals, fixture.GoalWorkId), collections.FieldPrivate, true)
	})

	rtSaveTodo(t, app, fixture.BobId, "", "barrier")
	got := rtContentsOf(bob.until(t, "barrier"))

	rtAssertDelivered(t, got, burst.before, "written before the goal went private")
	rtAssertNotDelivered(t, got, burst.after, "written after the goal went private")
}

// TestRealtimeDiaryPrivateMidBurst: alice keeps editing her diary while she
// switches it to private. Each edit and the switch read and write the diary
// in one transaction, so no edit undoes the switch.
func TestRealtimeDiaryPrivateMidBurst(t *testing.T) {
	app, srv := newRealtimeApp(t)
	bob := srv.connect(t, fixture.Token(t, app, "bob"), "diaries/*")

	edit := func(field string, value any) error {
		return app.RunInTransaction(func(txApp core.App) error {
			diary, err := txApp.FindRecordById(collections.Diaries, fixture.DiaryPublicId)
			if err != nil {
				return err
			}
			diary.Set(field, value)
			return txApp.Save(diary)
		})
	}

	burst := rtRunBurst(t, func(i int) (string, error) {
		contents := fmt.Sprintf("burst diary %d", i)
		return contents, edit(collections.DiariesFieldContent, contents)
	}, func() {
		if err := edit(collections.FieldPrivate, true); err != nil {
			t.Fatal(err)
		}
	})

	rtSaveDiary(t, app, fixture.BobId, "2026-11-02", "barrier", false)
	got := rtContentsOf(bob.until(t, "barrier"))

	rtAssertDelivered(t, got, burst.before, "written before the diary went private")
	rtAssertNotDelivered(t, got, burst.after, "written after the diary went private")
}

// TestRealtimeReconnect: bob's connection drops and he reconnects while
// alice writes. The new connection misses nothing written after it
// subscribed and gets nothing twice; the old one gets nothing after it
// closed.
func TestRealtimeReconnect(t *testing.T) {
	app, srv := newRealtimeApp(t)
	token := fixture.Token(t, app, "bob")
	first := srv.connect(t, token, "todos/*")

	var second *rtSubscriber
	burst := rtRunBurst(t, func(i int) (string, error) {
		return rtWriteTodo(app, fixture.AliceId, "", fmt.Sprintf("burst reconnect %d", i))
	}, func() {
		first.close(t, app)
		second = srv.connect(t, token, "todos/*")
	})

	rtSaveTodo(t, app, fixture.BobId, "", "barrier")
	got := rtContentsOf(second.until(t, "barrier"))

	rtAssertDelivered(t, got, burst.after, "written after the reconnect")
	seen := map[string]bool{}
	for _, c := range got {
		if seen[c] {
			t.Errorf("%q delivered twice", c)
		}
		seen[c] = true
	}
	if n := app.SubscriptionsBroker().TotalClients(); n != 1 {
		t.Errorf("broker clients: got %d, want 1", n)
	}
}

// TestRealtimeDeletedUser: deleting alice deletes her records in cascade;
// each delete reaches exactly those who could see the record before.
func TestRealtimeDeletedUser(t *testing.T) {
	app, srv := newRealtimeApp(t)

	bob := srv.connect(t, fixture.Token(t, app, "bob"), allRealtimeTopics...)
	carol := srv.connect(t, fixture.Token(t, app, "carol"), allRealtimeTopics...)
	dave := srv.connect(t, fixture.Token(t, app, "dave"), allRealtimeTopics...)

	var follows []string
	for _, f := range rtFindAll(t, app, collections.Follows) {
		follows = append(follows, "follows delete "+f.Id)
	}

	rtDeleteRecord(t, app, rtFindById(t, app, collections.Users, fixture.AliceId))

	cases := []struct {
		name string
		sub  *rtSubscriber
		who  string
		want []string
	}{
		{"friend", bob, fixture.BobId, append([]string{
			"todos delete " + fixture.TodoPlainId,
			"todos delete " + fixture.TodoWorkId,
			"diaries delete " + fixture.DiaryPublicId,
			"likes delete " + fixture.LikeBobTodoId,
			"likes delete " + fixture.LikeBobDiaryId,
		}, follows...)},
		{"one-way follower", carol, fixture.CarolId, follows},
		{"stranger", dave, fixture.DaveId, follows},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rtSaveTodo(t, app, c.who, "", "barrier "+c.name)
			got := rtKeys(c.sub.until(t, "barrier "+c.name))
			rtAssertSameEvents(t, got, c.want)
		})
	}
}

// TestRealtimeNewFriendNextEvent: the todo written right after carol
// becomes alice's friend reaches her.
func TestRealtimeNewFriendNextEvent(t *testing.T) {
	app, srv := newRealtimeApp(t)
	carol := srv.connect(t, fixture.Token(t, app, "carol"), "todos/*")

	rtSaveTodo(t, app, fixture.AliceId, "", "before friends")
	rtSaveFollow(t, app, fixture.AliceId, fixture.CarolId)
	rtSaveTodo(t, app, fixture.AliceId, "", "after friends")
	rtSaveTodo(t, app, fixture.CarolId, "", "barrier")

	rtAssertSameEvents(t, rtContentsOf(carol.until(t, "barrier")), []string{"after friends"})
}

// TestRealtimeChangedRule: when a superuser changes a rule, realtime follows
// the new rule (every subscriber is checked again).
func TestRealtimeChangedRule(t *testing.T) {
	app, srv := newRealtimeApp(t)
	dave := srv.connect(t, fixture.Token(t, app, "dave"), "todos/*")

	rtSaveTodo(t, app, fixture.AliceId, "", "friends only")

	todos := rtFindCollection(t, app, collections.Todos)
	todos.ListRule = types.Pointer(`@request.auth.id != ""`)
	todos.ViewRule = types.Pointer(`@request.auth.id != ""`)
	if err := app.Save(todos); err != nil {
		t.Fatal(err)
	}

	// under the old rule dave would never get it: until would fail
	rtSaveTodo(t, app, fixture.AliceId, "", "barrier")
	rtAssertSameEvents(t, rtContentsOf(dave.until(t, "barrier")), nil)
}

// -- bursts -------------------------------------------------------------------

// rtBurstResult sorts a burst's writes by how they stand to its change:
// finished before the change began, or begun after it committed.
type rtBurstResult struct {
	before, after []string
}

// rtRunBurst writes from a goroutine while change runs on the test's, and
// keeps writing until enough writes began after the change committed.
func rtRunBurst(t *testing.T, write func(i int) (string, error), change func()) rtBurstResult {
	t.Helper()

	const each = 15
	var started, done atomic.Bool
	changeNow := make(chan struct{})
	finished := make(chan error, 1)

	var result rtBurstResult
	go func() {
		for i := 0; len(result.after) < each; i++ {
			if i == each {
				close(changeNow)
			}
			if i > 5000 {
				finished <- errors.New("the change never finished")
				return
			}
			after := done.Load()
			key, err := write(i)
			if err != nil {
				finished <- err
				return
			}
			switch {
			case after:
				result.after = append(result.after, key)
			case !started.Load():
				result.before = append(result.before, key)
			}
		}
		finished <- nil
	}()

	select {
	case <-changeNow:
	case err := <-finished:
		t.Fatalf("burst: %v", err)
	}
	started.Store(true)
	change()
	done.Store(true)

	if err := <-finished; err != nil {
		t.Fatalf("burst: %v", err)
	}
	if len(result.before) == 0 {
		t.Fatal("burst: no write finished before the change")
	}
	return result
}

func rtAssertDelivered(t *testing.T, got, want []string, what string) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missed %q (%s)", w, what)
		}
	}
}

func rtAssertNotDelivered(t *testing.T, got, unwanted []string, what string) {
	t.Helper()
	for _, u := range unwanted {
		if slices.Contains(got, u) {
			t.Errorf("leaked %q (%s)", u, what)
		}
	}
}

func rtAssertSameEvents(t *testing.T, got, want []string) {
	t.Helper()
	got, want = slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		t.Fatalf("events:\n got  %q\n want %q", got, want)
	}
}

// -- the server and its subscribers --------------------------------------------

type realtimeServer struct {
	url string
}

// newRealtimeApp is the community behind a real HTTP server with
// PocketBase's router, as `serve` runs it.
func newRealtimeApp(t *testing.T) (*tests.TestApp, *realtimeServer) {
	t.Helper()
	return serveRealtime(t, fixture.NewCommunityApp(t))
}

// serveRealtime serves app (a fresh fixture app, cleaned up with the test)
// with its rate limiter off.
func serveRealtime(t *testing.T, app *tests.TestApp) (*tests.TestApp, *realtimeServer) {
	t.Helper()
	t.Cleanup(app.Cleanup)

	// many requests from one loopback IP
	settings := app.Settings()
	settings.RateLimits.Enabled = false
	if err := app.Save(settings); err != nil {
		t.Fatal(err)
	}

	return app, &realtimeServer{url: rtServeApp(t, app)}
}

// rtServeApp serves app's router, as served, on a loopback port until the
// test ends.
func rtServeApp(t testing.TB, app *tests.TestApp) string {
	t.Helper()

	srv := httptest.NewServer(apitest.Handler(t, app))
	t.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
	})

	return srv.URL
}

// rtSubscriber is one SSE connection to /api/realtime, made the way the SDK
// makes it.
type rtSubscriber struct {
	clientId string
	events   chan realtimeEvent
	comments chan string // the stream's comment lines (keep-alives), as sse gives them
	cancel   context.CancelFunc
	seen     []realtimeEvent
}

type realtimeEvent struct {
	Name   string
	Action string         `json:"action"`
	Record map[string]any `json:"record"`
}

func (e realtimeEvent) contents() string {
	if s, _ := e.Record[collections.TodosFieldContents].(string); s != "" {
		return s
	}
	s, _ := e.Record[collections.DiariesFieldContent].(string)
	return s
}

func (e realtimeEvent) key() string {
	collection, _, _ := strings.Cut(e.Name, "/")
	id, _ := e.Record["id"].(string)
	return collection + " " + e.Action + " " + id
}

func rtKeys(events []realtimeEvent) []string {
	var result []string
	for _, e := range events {
		result = append(result, e.key())
	}
	return result
}

func rtContentsOf(events []realtimeEvent) []string {
	var result []string
	for _, e := range events {
		result = append(result, e.contents())
	}
	return result
}

// connect opens the event stream, reads PB_CONNECT and subscribes with the
// token ("" for a guest).
func (s *realtimeServer) connect(t testing.TB, token string, subs ...string) *rtSubscriber {
	t.Helper()

	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url+"/api/realtime", nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}

	sub := &rtSubscriber{events: make(chan realtimeEvent, 10000), comments: make(chan string, 10000), cancel: cancel}
	t.Cleanup(cancel)

	connected := make(chan string, 1)
	go func() {
		defer close(sub.events)
		defer res.Body.Close()
		// (the stream ends with the test; one cut short shows as missing events)
		_ = sse.ReadComments(res.Body, func(id, name string, data []byte) {
			if name == "PB_CONNECT" {
				connected <- id
				return
			}
			ev := realtimeEvent{Name: name}
			if err := json.Unmarshal(data, &ev); err != nil {
				ev.Action = "unparsable: " + string(data)
			}
			sub.events <- ev
		}, func(text string) {
			select {
			case sub.comments <- text:
			default: // a long test nobody counts the keep-alives of
			}
		})
	}()

	select {
	case sub.clientId = <-connected:
	case <-time.After(realtimeWait):
		t.Fatal("no PB_CONNECT")
	}

	s.subscribe(t, sub, token, subs...)

	return sub
}

// subscribe replaces the subscriptions of the connection, as the SDK's
// POST /api/realtime does.
func (s *realtimeServer) subscribe(t testing.TB, sub *rtSubscriber, token string, subs ...string) {
	t.Helper()

	body, _ := json.Marshal(map[string]any{"clientId": sub.clientId, "subscriptions": subs})
	req, _ := http.NewRequest(http.MethodPost, s.url+"/api/realtime", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNoContent {
		t.Fatalf("subscribe: status %d", res.StatusCode)
	}
}

func (s *realtimeServer) createTodoByAPI(t testing.TB, token, contents string) {
	t.Helper()

	body, _ := json.Marshal(map[string]any{"contents": contents, "date": fixture.Day})
	req, _ := http.NewRequest(http.MethodPost, s.url+"/api/collections/todos/records", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("create todo: status %d", res.StatusCode)
	}
}

// until returns the events received before the one whose contents are
// barrier, in order. Since todomate sends each client its events in the
// order they were written, whatever was not received before the barrier was
// not sent.
func (s *rtSubscriber) until(t testing.TB, barrier string) []realtimeEvent {
	t.Helper()

	var events []realtimeEvent
	timeout := time.After(realtimeWait)
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				t.Fatalf("stream closed before %q", barrier)
			}
			s.seen = append(s.seen, ev)
			if ev.contents() == barrier {
				return events
			}
			if strings.HasPrefix(ev.contents(), "barrier") {
				continue // another subscriber's barrier
			}
			events = append(events, ev)
		case <-timeout:
			t.Fatalf("no %q within %s; got %q", barrier, realtimeWait, rtKeys(events))
		}
	}
}

// close ends the connection and waits until the server let the client go.
func (s *rtSubscriber) close(t testing.TB, app core.App) {
	t.Helper()

	s.cancel()
	for range s.events {
	}

	deadline := time.Now().Add(realtimeWait)
	for {
		if _, err := app.SubscriptionsBroker().ClientById(s.clientId); err != nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the server kept the closed client")
		}
		time.Sleep(time.Millisecond) // polling the broker, not standing in for it
	}
}

// -- records -------------------------------------------------------------------

func rtFindCollection(t testing.TB, app core.App, name string) *core.Collection {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func rtFindById(t testing.TB, app core.App, collection, id string) *core.Record {
	t.Helper()
	r, err := app.FindRecordById(collection, id)
	if err != nil {
		t.Fatalf("find %s %s: %v", collection, id, err)
	}
	return r
}

func rtFindByContents(t testing.TB, app core.App, collection, contents string) *core.Record {
	t.Helper()
	r, err := app.FindFirstRecordByData(collection, collections.TodosFieldContents, contents)
	if err != nil {
		t.Fatalf("find %s %q: %v", collection, contents, err)
	}
	return r
}

func rtFindAll(t testing.TB, app core.App, collection string) []*core.Record {
	t.Helper()
	records, err := app.FindAllRecords(collection)
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(records, func(i, j int) bool { return records[i].Id < records[j].Id })
	return records
}

func rtFindFollow(t testing.TB, app core.App, follower, following string) *core.Record {
	t.Helper()
	records, err := app.FindAllRecords(collections.Follows, dbx.HashExp{
		collections.FollowsFieldFollower:  follower,
		collections.FollowsFieldFollowing: following,
	})
	if err != nil || len(records) != 1 {
		t.Fatalf("follow %s -> %s: %v (%d)", follower, following, err, len(records))
	}
	return records[0]
}

func rtSaveRecord(t testing.TB, app core.App, collection string, fields map[string]any) *core.Record {
	t.Helper()
	record := core.NewRecord(rtFindCollection(t, app, collection))
	record.Load(fields)
	if err := app.Save(record); err != nil {
		t.Fatalf("save %s %v: %v", collection, fields, err)
	}
	return record
}

// rtWriteTodo is rtSaveTodo for goroutines other than the test's.
func rtWriteTodo(app core.App, owner, goal, contents string) (string, error) {
	todos, err := app.FindCachedCollectionByNameOrId(collections.Todos)
	if err != nil {
		return "", err
	}
	todo := core.NewRecord(todos)
	todo.Load(map[string]any{
		collections.FieldUser:          owner,
		collections.TodosFieldGoal:     goal,
		collections.FieldDate:          fixture.Day,
		collections.TodosFieldContents: contents,
	})
	return contents, app.Save(todo)
}

func rtSaveTodo(t testing.TB, app core.App, owner, goal, contents string) *core.Record {
	t.Helper()
	return rtSaveRecord(t, app, collections.Todos, map[string]any{
		collections.FieldUser:          owner,
		collections.TodosFieldGoal:     goal,
		collections.FieldDate:          fixture.Day,
		collections.TodosFieldContents: contents,
	})
}

func rtSaveDiary(t testing.TB, app core.App, owner, day, content string, private bool) *core.Record {
	t.Helper()
	return rtSaveRecord(t, app, collections.Diaries, map[string]any{
		collections.FieldUser:           owner,
		collections.FieldDate:           day,
		collections.FieldEmoji:          "🌙",
		collections.DiariesFieldContent: content,
		collections.FieldPrivate:        private,
	})
}

func rtSaveLike(t testing.TB, app core.App, liker, field, target string) *core.Record {
	t.Helper()
	return rtSaveRecord(t, app, collections.Likes, map[string]any{
		collections.FieldUser: liker,
		field:                 target,
	})
}

func rtSaveFollow(t testing.TB, app core.App, follower, following string) *core.Record {
	t.Helper()
	return rtSaveRecord(t, app, collections.Follows, map[string]any{
		collections.FollowsFieldFollower:  follower,
		collections.FollowsFieldFollowing: following,
	})
}

// rtUpdate saves a fresh copy of the record with one field changed.
func rtUpdate(t testing.TB, app core.App, record *core.Record, field string, value any) {
	t.Helper()
	record = rtFindById(t, app, record.Collection().Name, record.Id)
	record.Set(field, value)
	if err := app.Save(record); err != nil {
		t.Fatalf("update %s %s: %v", record.Collection().Name, record.Id, err)
	}
}

func rtDeleteRecord(t testing.TB, app core.App, record *core.Record) {
	t.Helper()
	if err := app.Delete(record); err != nil {
		t.Fatalf("delete %s %s: %v", record.Collection().Name, record.Id, err)
	}
}
