package realtime

import (
	"net/http"
	"strconv"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// clientLimitHookId is the id of the connect handler that refuses clients
// beyond Config.MaxClients.
const clientLimitHookId = "todomateRealtimeClientLimit"

// clientLimitRetrySeconds is the Retry-After of a refused connection: the
// JS SDK reconnects on its own, with a backoff of its own.
const clientLimitRetrySeconds = 10

// bindClientLimit refuses a realtime connection with a 503 while maxClients
// clients are connected (none when maxClients is 0). Each connected client
// holds its connection's goroutines, buffers and subscriptions (about 60 KiB
// idle, docs/operations.md "Memory"): the limit is what bounds that part of
// the server's memory. Connections that arrive together may each see room
// for one more, so the bound holds to within those in flight.
func bindClientLimit(app core.App, maxClients int) {
	if maxClients <= 0 {
		return
	}
	app.OnRealtimeConnectRequest().Bind(&hook.Handler[*core.RealtimeConnectRequestEvent]{
		Id: clientLimitHookId,
		// before the hub wraps the client: a refused client is never one
		Priority: -2000,
		Func: func(e *core.RealtimeConnectRequestEvent) error {
			if e.App.SubscriptionsBroker().TotalClients() >= maxClients {
				e.Response.Header().Set("Retry-After", strconv.Itoa(clientLimitRetrySeconds))
				return e.Error(http.StatusServiceUnavailable, "Too many realtime connections, try again later.", nil)
			}
			return e.Next()
		},
	})
}
