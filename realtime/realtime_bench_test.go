package realtime_test

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/internal/fixture"
	"github.com/todomate/todomate/realtime"
)

const (
	benchWriterId = "benchwriter0000"
	benchFriends  = 20
)

func benchFriendId(i int) string { return fmt.Sprintf("benchfriend%04d", i) }

// buildRealtimeBench is a writer with benchFriends friends.
func buildRealtimeBench(b *fixture.Builder) {
	writer := b.User(benchWriterId, "writer")
	for i := range benchFriends {
		b.Friends(writer, b.User(benchFriendId(i), fmt.Sprintf("friend%04d", i)))
	}
}

// BenchmarkRealtimeTodoCreate is one todo create by a writer while n clients
// are connected and subscribed to todos/* (the writer's benchFriends friends
// among them, the others strangers), with todomate's delivery ("audience")
// and with PocketBase's own ("stock": the same app after
// realtime.Unbind, so PocketBase checks every client).
//
//	go test ./realtime -run '^$' -bench RealtimeTodoCreate -benchmem
func BenchmarkRealtimeTodoCreate(b *testing.B) {
	for _, delivery := range []string{"audience", "stock"} {
		for _, n := range []int{100, 1000, 5000} {
			b.Run(fmt.Sprintf("%s/clients=%d", delivery, n), func(b *testing.B) {
				app := newRealtimeBenchApp(b)
				if delivery == "stock" {
					realtime.Unbind(app)
				}

				var received atomic.Int64
				connectBenchClients(b, app, n, &received)

				todos, err := app.FindCollectionByNameOrId(collections.Todos)
				if err != nil {
					b.Fatal(err)
				}

				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					todo := core.NewRecord(todos)
					todo.Set(collections.FieldUser, benchWriterId)
					todo.Set(collections.FieldDate, fixture.Day)
					todo.Set(collections.TodosFieldContents, fmt.Sprintf("bench %d", i))
					if err := app.Save(todo); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()

				// every friend gets every todo, nobody else any
				waitReceived(b, &received, int64(benchFriends*b.N))
			})
		}
	}
}

// BenchmarkRealtimeClientMemory is the heap a connected client costs: its
// PocketBase client, todomate's wrapper and index entries, signed in and
// subscribed to the four realtime collections (the connection itself,
// goroutine and buffers, is not included; see bench/realtime for RSS).
func BenchmarkRealtimeClientMemory(b *testing.B) {
	for _, delivery := range []string{"audience", "stock"} {
		b.Run(delivery, func(b *testing.B) {
			b.StopTimer() // the app is not what is measured
			app := newRealtimeBenchApp(b)
			if delivery == "stock" {
				realtime.Unbind(app)
			}
			users, err := app.FindCollectionByNameOrId(collections.Users)
			if err != nil {
				b.Fatal(err)
			}

			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			b.StartTimer()

			clients := make([]subscriptions.Client, b.N)
			for i := range clients {
				auth := core.NewRecord(users)
				auth.Id = security.RandomString(15)
				clients[i] = connectBenchClient(b, app, auth, "todos/*", "diaries/*", "likes/*", "follows/*")
			}

			b.StopTimer()
			runtime.GC()
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(b.N), "B/client")
			runtime.KeepAlive(clients)
		})
	}
}

// newRealtimeBenchApp binds PocketBase's realtime (as `serve` does, through
// its router) on a copy of the bench world.
func newRealtimeBenchApp(b *testing.B) *tests.TestApp {
	b.Helper()

	app := fixture.NewApp(b, "realtimebench", buildRealtimeBench)
	b.Cleanup(app.Cleanup)

	// the test app counts enrich events with a hook; production has none,
	// which lets a message be built once per event instead of per client
	app.OnRecordEnrich().UnbindAll()
	if _, err := apis.NewRouter(app); err != nil {
		b.Fatal(err)
	}

	return app
}

// connectBenchClients connects n subscribers of todos/*: the writer's
// friends first, then strangers. Each drains its channel as the SSE loop
// would and counts what it got.
func connectBenchClients(b *testing.B, app core.App, n int, received *atomic.Int64) {
	b.Helper()

	users, err := app.FindCollectionByNameOrId(collections.Users)
	if err != nil {
		b.Fatal(err)
	}

	for i := range n {
		var auth *core.Record
		if i < benchFriends {
			auth, err = app.FindRecordById(users, benchFriendId(i))
			if err != nil {
				b.Fatal(err)
			}
		} else {
			// a stranger: rules only compare its id, it needs no row
			auth = core.NewRecord(users)
			auth.Id = security.RandomString(15)
		}

		client := connectBenchClient(b, app, auth, "todos/*")
		go func() {
			for range client.Channel() {
				received.Add(1)
			}
		}()
	}

	b.Cleanup(func() {
		for id := range app.SubscriptionsBroker().Clients() {
			app.SubscriptionsBroker().Unregister(id)
		}
	})
}

// connectBenchClient registers a client the way /api/realtime does (through
// the connect hook, which wraps it) and subscribes it the way POST
// /api/realtime does.
func connectBenchClient(b *testing.B, app core.App, auth *core.Record, subs ...string) subscriptions.Client {
	b.Helper()

	event := &core.RealtimeConnectRequestEvent{
		RequestEvent: &core.RequestEvent{App: app},
		Client:       subscriptions.NewDefaultClient(),
	}
	err := app.OnRealtimeConnectRequest().Trigger(event, func(e *core.RealtimeConnectRequestEvent) error {
		app.SubscriptionsBroker().Register(e.Client)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}

	event.Client.Set(apis.RealtimeClientAuthKey, auth)
	event.Client.Subscribe(subs...)

	return event.Client
}

func waitReceived(b *testing.B, received *atomic.Int64, want int64) {
	b.Helper()

	deadline := time.Now().Add(time.Minute)
	for received.Load() < want {
		if time.Now().After(deadline) {
			b.Fatalf("received %d events, want %d", received.Load(), want)
		}
		time.Sleep(time.Millisecond)
	}
	if got := received.Load(); got != want {
		b.Fatalf("received %d events, want %d", got, want)
	}
}
