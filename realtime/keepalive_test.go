package realtime_test

import (
	"testing"
	"time"

	"github.com/todomate/todomate/hooks"
	"github.com/todomate/todomate/internal/fixture"
	"github.com/todomate/todomate/realtime"
)

// keepAliveTestInterval is the keep-alive of the tests: short, so that a
// few arrive quickly.
const keepAliveTestInterval = 50 * time.Millisecond

// TestRealtimeKeepAlive: an idle subscriber gets keep-alive comments and no
// event, and a real event still arrives after them; with the keep-alive off
// the stream stays silent. The keep-alive is set through hooks.Config, as a
// server sets it.
func TestRealtimeKeepAlive(t *testing.T) {
	cases := []struct {
		name      string
		keepAlive time.Duration
		want      int // keep-alives to wait for; 0: none may come
	}{
		{"on", keepAliveTestInterval, 3},
		{"off", -1, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := fixture.NewStockApp(t, "community", fixture.BuildCommunity)
			if err := hooks.Register(app, hooks.Config{RealtimeKeepAlive: c.keepAlive}); err != nil {
				t.Fatal(err)
			}
			_, srv := serveRealtime(t, app)
			alice := srv.connect(t, fixture.Token(t, app, "alice"), "todos/*")

			if c.want > 0 {
				for range c.want {
					select {
					case text := <-alice.comments:
						if text != " keep-alive" {
							t.Fatalf("comment %q, want %q", text, " keep-alive")
						}
					case <-time.After(realtimeWait):
						t.Fatalf("no keep-alive within %s", realtimeWait)
					}
				}
			} else {
				// the absence of a keep-alive is seen over a window of
				// ten intervals of the "on" case
				select {
				case text := <-alice.comments:
					t.Fatalf("comment %q with the keep-alive off", text)
				case <-time.After(10 * keepAliveTestInterval):
				}
			}

			// the stream is read in order: an event sent before the
			// keep-alives read above would be in the channel by now
			if n := len(alice.events); n != 0 {
				t.Fatalf("%d events besides the keep-alives, want none", n)
			}

			rtSaveTodo(t, app, fixture.AliceId, "", "after the keep-alives")
			if got := alice.until(t, "after the keep-alives"); len(got) != 0 {
				t.Fatalf("events before the todo: %q", rtKeys(got))
			}
			if c.want == 0 && len(alice.comments) != 0 {
				t.Fatalf("%d comments with the keep-alive off", len(alice.comments))
			}
		})
	}
}

// TestRealtimeKeepAliveInterval: Config.KeepAlive's zero is the default,
// a negative one is off.
func TestRealtimeKeepAliveInterval(t *testing.T) {
	cases := []struct {
		config, want time.Duration
	}{
		{0, realtime.DefaultKeepAlive},
		{-1, 0},
		{-time.Hour, 0},
		{keepAliveTestInterval, keepAliveTestInterval},
	}
	for _, c := range cases {
		if got := realtime.KeepAliveInterval(c.config); got != c.want {
			t.Errorf("KeepAlive %s: got %s, want %s", c.config, got, c.want)
		}
	}
}
