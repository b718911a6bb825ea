package realtime_test

import (
	"strings"
	"testing"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/internal/fixture"
)

// TestRealtimeLostSightIsADelete: when alice makes her diary private, makes
// a goal private, and unfollows bob, bob's open subscriptions get a delete
// event for each record he can no longer see (the goal's todos included),
// carrying nothing but the record's id and collection; alice, likewise,
// for bob's. Carol, who never saw them, gets nothing.
func TestRealtimeLostSightIsADelete(t *testing.T) {
	app, srv := newRealtimeApp(t)

	topics := []string{"goals/*", "todos/*", "diaries/*", "todos/" + fixture.TodoWorkId}
	alice := srv.connect(t, fixture.Token(t, app, "alice"), topics...)
	bob := srv.connect(t, fixture.Token(t, app, "bob"), topics...)
	carol := srv.connect(t, fixture.Token(t, app, "carol"), topics...)

	rtUpdate(t, app, rtFindById(t, app, collections.Diaries, fixture.DiaryPublicId), collections.FieldPrivate, true)
	rtUpdate(t, app, rtFindById(t, app, collections.Goals, fixture.GoalWorkId), collections.FieldPrivate, true)
	rtDeleteRecord(t, app, rtFindFollow(t, app, fixture.AliceId, fixture.BobId))

	rtSaveTodo(t, app, fixture.BobId, "", "barrier bob")
	rtSaveTodo(t, app, fixture.CarolId, "", "barrier carol")
	rtSaveTodo(t, app, fixture.AliceId, "", "barrier alice")

	describe := func(events []realtimeEvent) []string {
		var result []string
		for _, ev := range events {
			id, _ := ev.Record["id"].(string)
			result = append(result, ev.Name+" "+ev.Action+" "+id)
			if ev.Action == "delete" && len(ev.Record) != 3 {
				t.Errorf("%s: a lost record carries %v, want only id, collectionId, collectionName", ev.Name, ev.Record)
			}
		}
		return result
	}

	rtAssertSameEvents(t, describe(bob.until(t, "barrier bob")), []string{
		"diaries/* delete " + fixture.DiaryPublicId,
		"goals/* delete " + fixture.GoalWorkId,
		"todos/* delete " + fixture.TodoWorkId,
		"todos/" + fixture.TodoWorkId + " delete " + fixture.TodoWorkId,
		"todos/* delete " + fixture.TodoPlainId,
	})
	if got := describe(carol.until(t, "barrier carol")); len(got) != 0 {
		t.Errorf("carol, who never saw alice's records, got %q", got)
	}
	// alice keeps her own records, and loses bob's as he loses hers
	var aliceDeletes []string
	for _, ev := range describe(alice.until(t, "barrier alice")) {
		if strings.Contains(ev, " delete ") {
			aliceDeletes = append(aliceDeletes, ev)
		}
	}
	rtAssertSameEvents(t, aliceDeletes, []string{
		"todos/* delete " + fixture.TodoBobId,
		"diaries/* delete " + fixture.DiaryBobId,
	})
}

// TestRealtimeLostLikes: who loses sight of a todo or diary loses the other
// people's likes of it with it, but never their own. Carol becomes alice's
// friend; when alice makes her diary private and her work goal private,
// carol gets a delete for bob's likes of them, and bob, the liker, keeps
// his likes (he gets the diary's and todo's deletes, not the likes').
func TestRealtimeLostLikes(t *testing.T) {
	app, srv := newRealtimeApp(t)
	rtSaveFollow(t, app, fixture.AliceId, fixture.CarolId)
	bobLikesWork := rtSaveLike(t, app, fixture.BobId, collections.LikesFieldTodo, fixture.TodoWorkId)

	// todos/* for the barriers
	bob := srv.connect(t, fixture.Token(t, app, "bob"), "likes/*", "todos/*")
	carol := srv.connect(t, fixture.Token(t, app, "carol"), "likes/*", "likes/"+fixture.LikeBobDiaryId, "todos/*")

	rtUpdate(t, app, rtFindById(t, app, collections.Diaries, fixture.DiaryPublicId), collections.FieldPrivate, true)
	rtUpdate(t, app, rtFindById(t, app, collections.Goals, fixture.GoalWorkId), collections.FieldPrivate, true)

	rtSaveTodo(t, app, fixture.BobId, "", "barrier bob")
	rtSaveTodo(t, app, fixture.CarolId, "", "barrier carol")

	deletes := func(events []realtimeEvent) []string {
		var result []string
		for _, ev := range events {
			if ev.Action == "delete" && strings.HasPrefix(ev.Name, collections.Likes+"/") {
				result = append(result, ev.Name+" "+ev.Record["id"].(string))
			}
		}
		return result
	}
	rtAssertSameEvents(t, deletes(carol.until(t, "barrier carol")), []string{
		"likes/* " + fixture.LikeBobDiaryId,
		"likes/" + fixture.LikeBobDiaryId + " " + fixture.LikeBobDiaryId,
		"likes/* " + bobLikesWork.Id,
	})
	if got := deletes(bob.until(t, "barrier bob")); len(got) != 0 {
		t.Errorf("bob lost his own likes: %q", got)
	}
}
