package realtime_test

import (
	"testing"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/internal/fixture"
)

// TestRealtimeEveryoneLevel: at "everyone", the events of alice's subject
// todo and diary reach every signed-in subscriber but the two in a block
// with her (eve, whom she blocks, and fay, who blocks her), and no guest.
// Back at "friends", those who lose sight (carol, who follows her, and
// dave, a stranger) get a delete of each, her friend bob and she the
// diary's update, and the blocked pair still nothing.
func TestRealtimeEveryoneLevel(t *testing.T) {
	app, srv := serveRealtime(t, fixture.NewLevelsApp(t, collections.VisibilityEveryone))

	topics := []string{"todos/*", "diaries/*"}
	subscribers := map[string]*rtSubscriber{}
	for _, name := range []string{"alice", "bob", "carol", "dave", "eve", "fay"} {
		subscribers[name] = srv.connect(t, fixture.Token(t, app, name), topics...)
	}
	guest := srv.connect(t, "", topics...)
	ids := map[string]string{"alice": fixture.AliceId, "bob": fixture.BobId, "carol": fixture.CarolId,
		"dave": fixture.DaveId, "eve": fixture.EveId, "fay": fixture.FayId}

	// received writes a barrier todo of each subscriber's own and returns
	// what each got before it
	received := func(round string) map[string][]string {
		for name, id := range ids {
			rtSaveTodo(t, app, id, "", "barrier "+round+" "+name)
		}
		got := map[string][]string{}
		for name, sub := range subscribers {
			got[name] = rtKeys(sub.until(t, "barrier "+round+" "+name))
		}
		return got
	}

	todo := rtFindById(t, app, collections.Todos, fixture.TodoSubjectId)
	diary := rtFindById(t, app, collections.Diaries, fixture.DiarySubjectId)
	rtUpdate(t, app, todo, collections.TodosFieldContents, "alice subject todo, edited")
	rtUpdate(t, app, diary, collections.DiariesFieldContent, "alice subject diary, edited")
	updates := []string{"todos update " + todo.Id, "diaries update " + diary.Id}
	got := received("everyone")
	for _, name := range []string{"alice", "bob", "carol", "dave"} {
		rtAssertSameEvents(t, got[name], updates)
	}
	for _, name := range []string{"eve", "fay"} {
		rtAssertSameEvents(t, got[name], nil)
	}

	goal := rtFindById(t, app, collections.Goals, fixture.GoalSubjectId)
	rtUpdate(t, app, goal, collections.FieldVisibility, collections.VisibilityFriends)
	rtUpdate(t, app, diary, collections.FieldVisibility, collections.VisibilityFriends)
	deletes := []string{"todos delete " + todo.Id, "diaries delete " + diary.Id}
	got = received("friends")
	// (the goal's level reaches its todos in one statement: those who keep
	// sight of the todo get no event of it)
	for _, name := range []string{"alice", "bob"} {
		rtAssertSameEvents(t, got[name], []string{"diaries update " + diary.Id})
	}
	for _, name := range []string{"carol", "dave"} {
		rtAssertSameEvents(t, got[name], deletes)
	}
	for _, name := range []string{"eve", "fay"} {
		rtAssertSameEvents(t, got[name], nil)
	}

	// the guest, signed in as dave for a barrier of its own: what came
	// before it came to a guest
	srv.subscribe(t, guest, fixture.Token(t, app, "dave"), topics...)
	rtSaveTodo(t, app, fixture.DaveId, "", "barrier guest")
	if events := guest.until(t, "barrier guest"); len(events) > 0 {
		t.Errorf("a guest got %q", rtKeys(events))
	}
}
