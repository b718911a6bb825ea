package realtime_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/todomate/todomate/internal/fixture"
	"github.com/todomate/todomate/internal/sse"
	"github.com/todomate/todomate/realtime"
)

// TestRealtimeClientLimit: with MaxClients connected, one more realtime
// connection is refused with a 503 in PocketBase's error shape and a
// Retry-After, holding nothing; once a client leaves, the next gets in.
func TestRealtimeClientLimit(t *testing.T) {
	app := fixture.NewStockApp(t, "empty", func(*fixture.Builder) {})
	t.Cleanup(app.Cleanup)
	realtime.Bind(app, realtime.Config{MaxClients: 2})
	srv := &realtimeServer{url: rtServeApp(t, app)}

	first := srv.connect(t, "", "todos/*")
	srv.connect(t, "", "todos/*")

	// (a client let in would get an endless stream: bounded by sse.Wait)
	res, err := (&http.Client{Timeout: sse.Wait}).Get(srv.url + "/api/realtime")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var apiError struct {
		Status  int            `json:"status"`
		Message string         `json:"message"`
		Data    map[string]any `json:"data"`
	}
	if res.StatusCode != http.StatusServiceUnavailable || json.Unmarshal(body, &apiError) != nil ||
		apiError.Status != http.StatusServiceUnavailable || apiError.Message == "" || apiError.Data == nil {
		t.Fatalf("a third client: %d %s, want a 503 in PocketBase's error shape", res.StatusCode, body)
	}
	if res.Header.Get("Retry-After") == "" {
		t.Error("the refusal has no Retry-After")
	}
	if n := app.SubscriptionsBroker().TotalClients(); n != 2 {
		t.Errorf("%d clients registered after the refusal, want 2", n)
	}

	first.close(t, app)
	srv.connect(t, "", "todos/*")
}
