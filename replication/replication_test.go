package replication

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	_ "github.com/pocketbase/pocketbase/migrations" // PocketBase's system collections
	"github.com/spf13/cobra"

	"github.com/todomate/todomate/limits"
)

// newServedApp is an app with replication registered, bootstrapped (data.db
// restored first when missing), and with serve's hooks run: replicating,
// and the status route on the returned handler.
//
// It is made as main makes the server: the Replicator first, its DBConnect
// in the app's config, then registered, on the command line `serve`.
func newServedApp(t *testing.T, dataDir string, config Config) (core.App, *Replicator, http.Handler) {
	t.Helper()
	p := New(config)
	p.args = []string{"serve"}
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dataDir, DBConnect: p.DBConnect(limits.Defaults().DBConnect())})
	rootCmd := newRootCommand()
	if err := p.Register(app, rootCmd); err != nil {
		t.Fatal(err)
	}
	if err := app.Bootstrap(); err != nil {
		t.Fatalf("bootstrap: %v", err)
	}
	r, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	serve := &core.ServeEvent{App: app, Router: r}
	if err := app.OnServe().Trigger(serve, func(*core.ServeEvent) error { return nil }); err != nil {
		t.Fatalf("serve hooks: %v", err)
	}
	mux, err := r.BuildMux()
	if err != nil {
		t.Fatal(err)
	}
	return app, p, mux
}

// newRootCommand is a root command with the commands PocketBase adds
// before it bootstraps (serve, superuser).
func newRootCommand() *cobra.Command {
	rootCmd := &cobra.Command{Use: "todomate"}
	rootCmd.AddCommand(&cobra.Command{Use: "serve"}, &cobra.Command{Use: "superuser"})
	return rootCmd
}

func terminate(t *testing.T, app core.App) {
	t.Helper()
	event := &core.TerminateEvent{App: app}
	if err := app.OnTerminate().Trigger(event, func(e *core.TerminateEvent) error {
		return e.App.ResetBootstrapState()
	}); err != nil {
		t.Fatalf("terminate: %v", err)
	}
}

func saveSuperuser(t *testing.T, app core.App, email string) {
	t.Helper()
	superusers, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		t.Fatal(err)
	}
	record := core.NewRecord(superusers)
	record.SetEmail(email)
	record.SetPassword("a-long-password")
	if err := app.Save(record); err != nil {
		t.Fatalf("saving superuser %s: %v", email, err)
	}
}

// waitReplicated waits until the replica has every transaction data.db has.
func waitReplicated(t *testing.T, p *Replicator) Status {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		status := p.status()
		if status.Enabled && !status.Behind && status.LocalTxid != "0000000000000000" {
			return status
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replica did not catch up: %+v", status)
		}
		time.Sleep(20 * time.Millisecond) // polling Litestream's position; no event to wait on
	}
}

func fileReplicaURL(dir string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}).String()
}

// TestReplicatesAndRestoresAMissingDatabase: a record written by one app is
// in the replica, and a second app on an empty data dir starts from it.
func TestReplicatesAndRestoresAMissingDatabase(t *testing.T) {
	replica := fileReplicaURL(t.TempDir())

	first, p, mux := newServedApp(t, t.TempDir(), Config{URL: replica})
	var autocheckpoint int
	if err := first.DB().NewQuery("PRAGMA wal_autocheckpoint").Row(&autocheckpoint); err != nil || autocheckpoint != 0 {
		t.Errorf("the replicating app's data.db: wal_autocheckpoint %d (%v), want 0", autocheckpoint, err)
	}
	saveSuperuser(t, first, "before@example.com")
	status := waitReplicated(t, p)

	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, StatusPath, nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"replicaTxid":"`+status.ReplicaTxid+`"`) {
		t.Errorf("status route: %d %s, want 200 with replicaTxid %s", rec.Code, rec.Body, status.ReplicaTxid)
	}
	terminate(t, first)

	second, _, _ := newServedApp(t, t.TempDir(), Config{URL: replica})
	defer terminate(t, second)
	if _, err := second.FindAuthRecordByEmail(core.CollectionNameSuperusers, "before@example.com"); err != nil {
		t.Fatalf("the restored database lacks the replicated record: %v", err)
	}
}

// TestWithoutReplicaNothingChanges: no URL, no Litestream, and the status
// route says so.
func TestWithoutReplicaNothingChanges(t *testing.T) {
	dir := t.TempDir()
	app, p, mux := newServedApp(t, dir, Config{})
	defer terminate(t, app)
	if p.store.Load() != nil {
		t.Error("Litestream runs without a replica URL")
	}
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, StatusPath, nil))
	if rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != `{"enabled":false,"behind":false,"lagSeconds":0}` {
		t.Errorf("status route: %d %s", rec.Code, rec.Body)
	}
}

// TestRestoreCommandInput: what the command refuses, before touching anything.
func TestRestoreCommandInput(t *testing.T) {
	scenarios := []struct {
		name    string
		url     string
		args    []string
		wantErr string
	}{
		{"a timestamp that is not RFC 3339", "file:///nowhere", []string{"--timestamp", "yesterday"}, "not an RFC 3339 time"},
		{"no replica", "", nil, "no replica"},
		{"a scheme Litestream does not know", "ftp://host/path", nil, "unsupported replica URL scheme"},
	}
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			app := core.NewBaseApp(core.BaseAppConfig{DataDir: t.TempDir()})
			rootCmd := &cobra.Command{Use: "todomate"}
			if err := New(Config{URL: s.url}).Register(app, rootCmd); err != nil {
				t.Fatal(err)
			}
			// a URL the replica client refuses already stops the bootstrap
			// (a missing data.db is restored first)
			err := app.Bootstrap()
			defer app.ResetBootstrapState()
			if err == nil {
				var out bytes.Buffer
				rootCmd.SetOut(&out)
				rootCmd.SetErr(&out)
				rootCmd.SetArgs(append([]string{"restore"}, s.args...))
				err = rootCmd.Execute()
			}
			if err == nil || !strings.Contains(err.Error(), s.wantErr) {
				t.Errorf("error %v, want one containing %q", err, s.wantErr)
			}
		})
	}
}
