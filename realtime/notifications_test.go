package realtime_test

import (
	"testing"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/internal/fixture"
)

// TestRealtimeNotifications: a cheer's notification reaches its recipient
// live, and nobody else; taking the cheer back deletes it on her screen.
func TestRealtimeNotifications(t *testing.T) {
	app, srv := newRealtimeApp(t)

	topics := []string{"notifications/*", "todos/*"}
	alice := srv.connect(t, fixture.Token(t, app, "alice"), topics...)
	bob := srv.connect(t, fixture.Token(t, app, "bob"), topics...)
	carol := srv.connect(t, fixture.Token(t, app, "carol"), topics...)

	like := rtSaveLike(t, app, fixture.BobId, collections.LikesFieldTodo, fixture.TodoWorkId)
	cheer := rtFindAll(t, app, collections.Notifications)
	var notification string
	for _, n := range cheer {
		if n.GetString(collections.LikesFieldTodo) == fixture.TodoWorkId {
			notification = n.Id
		}
	}
	if notification == "" {
		t.Fatal("no notification of bob's cheer")
	}
	rtDeleteRecord(t, app, like)

	for name, id := range map[string]string{"alice": fixture.AliceId, "bob": fixture.BobId, "carol": fixture.CarolId} {
		rtSaveTodo(t, app, id, "", "barrier "+name)
	}
	onlyNotifications := func(events []realtimeEvent) []string {
		var keys []string
		for _, key := range rtKeys(events) {
			if len(key) > len(collections.Notifications) && key[:len(collections.Notifications)] == collections.Notifications {
				keys = append(keys, key)
			}
		}
		return keys
	}
	rtAssertSameEvents(t, onlyNotifications(alice.until(t, "barrier alice")),
		[]string{"notifications create " + notification, "notifications delete " + notification})
	rtAssertSameEvents(t, onlyNotifications(bob.until(t, "barrier bob")), nil)
	rtAssertSameEvents(t, onlyNotifications(carol.until(t, "barrier carol")), nil)
}
