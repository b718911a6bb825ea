package realtime_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/internal/fixture"
)

// TestRealtimeAlarmsOwnerOnly: an alarm reaches its owner live and nobody
// else, not even the friend who sees its todo, subscribed to every alarm or
// to that one. The twin with the alarms rule loosened delivers it to the
// friend, so that a leaky rule fails the first.
func TestRealtimeAlarmsOwnerOnly(t *testing.T) {
	const alarmId = "alarmalice00000"
	for _, loosened := range []bool{false, true} {
		name := "as migrated"
		if loosened {
			name = "alarms rule loosened"
		}
		t.Run(name, func(t *testing.T) {
			app, srv := newRealtimeApp(t)
			if loosened {
				alarms := rtFindCollection(t, app, collections.Alarms)
				alarms.ListRule = types.Pointer(`@request.auth.id != ""`)
				alarms.ViewRule = types.Pointer(`@request.auth.id != ""`)
				if err := app.Save(alarms); err != nil {
					t.Fatal(err)
				}
			}
			topics := []string{"alarms/*", "alarms/" + alarmId, "todos/*"}
			alice := srv.connect(t, fixture.Token(t, app, "alice"), topics...)
			bob := srv.connect(t, fixture.Token(t, app, "bob"), topics...)

			rtSaveRecord(t, app, collections.Alarms, map[string]any{
				"id": alarmId, "user": fixture.AliceId, "todo": fixture.TodoPlainId, "time": "07:00"})
			for name, id := range map[string]string{"alice": fixture.AliceId, "bob": fixture.BobId} {
				rtSaveTodo(t, app, id, "", "barrier "+name)
			}

			onlyAlarms := func(events []realtimeEvent) []string {
				var keys []string
				for _, e := range events {
					if strings.HasPrefix(e.Name, collections.Alarms+"/") {
						keys = append(keys, e.Name+" "+e.Action)
					}
				}
				slices.Sort(keys)
				return keys
			}
			both := []string{"alarms/" + alarmId + " create", "alarms/* create"}
			rtAssertSameEvents(t, onlyAlarms(alice.until(t, "barrier alice")), both)
			var wantBob []string
			if loosened {
				wantBob = both
			}
			rtAssertSameEvents(t, onlyAlarms(bob.until(t, "barrier bob")), wantBob)
		})
	}
}
