// Command todomate is the todomate server: PocketBase with todomate's
// collections, rules, hooks and routes.
package main

import (
	"io/fs"
	"log"
	"net/http"
	"os"
	"strings"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"

	"github.com/todomate/todomate/cluster"
	"github.com/todomate/todomate/hooks"
	"github.com/todomate/todomate/internal/profiles"
	"github.com/todomate/todomate/limits"
	_ "github.com/todomate/todomate/pb_migrations"
	"github.com/todomate/todomate/pb_public"
	"github.com/todomate/todomate/replication"
	"github.com/todomate/todomate/seed"
	"github.com/todomate/todomate/storage"
)

func main() {
	bounds, err := limits.FromEnv(os.Getenv)
	if err != nil {
		log.Fatal(err)
	}
	bounds.SetGoMemoryLimit()
	if addr := os.Getenv("TODOMATE_PPROF_ADDR"); addr != "" {
		profiles.Serve(addr)
	}
	// a node of a LiteFS cluster keeps data.db on the LiteFS mount
	// (docs/operations.md, "Read replicas on LiteFS")
	litefsMount := os.Getenv("TODOMATE_LITEFS_MOUNT")

	// files and backups on S3, and data.db replicated to it as it is
	// written (docs/operations.md, "Replication"): TODOMATE_S3_* set both;
	// TODOMATE_REPLICA_URL or --replica names another replica (file:// too)
	storageConfig := storage.ConfigFromEnv(os.Getenv)
	replicaURL := os.Getenv("TODOMATE_REPLICA_URL")
	switch {
	case litefsMount != "" && replicaURL != "":
		// Litestream needs a directory beside data.db and checkpoints it:
		// neither is possible on a LiteFS mount
		log.Fatal("TODOMATE_LITEFS_MOUNT and TODOMATE_REPLICA_URL: a LiteFS node replicates through LiteFS, set one of them")
	case litefsMount == "" && replicaURL == "":
		replicaURL = storageConfig.ReplicaURL()
	}
	replicator := replication.New(replication.Config{URL: replicaURL})

	if litefsMount != "" {
		bounds.DBMmapMiB = 0 // see limits.Limits.DBMmapMiB
	}
	config := bounds.PocketBaseConfig()
	config.DBConnect = cluster.DBConnect(litefsMount, replicator.DBConnect(config.DBConnect))

	// not pocketbase.New(): it turns on dev mode (every SQL statement
	// printed) for `go run`; --dev still does
	app := pocketbase.NewWithConfig(config)

	// migrations are written by hand in Go (see pb_migrations/); the
	// command is here for `migrate up|down|history-sync`
	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{
		Dir:          "pb_migrations",
		TemplateLang: migratecmd.TemplateLangGo,
	})

	dataChanged := make(chan struct{}, 1)
	node := cluster.Register(app, cluster.Config{Mount: litefsMount, DataChanged: dataChanged})

	hooks.MustRegister(app, hooks.Config{
		FeedCacheBytes:  bounds.FeedCacheBytes(),
		RealtimeClients: bounds.HooksRealtimeClients(),
		DataChanged:     dataChanged,
	})

	app.RootCmd.AddCommand(seed.NewCommand(app))

	storageConfig.Writes = node.IsPrimary
	storage.Register(app, storageConfig)
	app.RootCmd.AddCommand(storage.NewCommand(app, storageConfig))
	replicator.MustRegister(app, app.RootCmd)

	// the web app at / (unless something else already took it); `serve
	// --dev` reads it from ./pb_public so edits show on reload
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		if !se.Router.HasRoute(http.MethodGet, "/{path...}") {
			static := apis.Static(webApp(app), true)
			se.Router.GET("/{path...}", func(e *core.RequestEvent) error {
				// an unknown API path is a 404, not the app's index.html
				if strings.HasPrefix(e.Request.URL.Path, "/api/") {
					return e.NotFoundError("", nil)
				}
				return static(e)
			})
		}
		return se.Next()
	})

	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}

// webApp is the web app's files: embedded in the binary, or in dev mode the
// ./pb_public folder on disk when there is one.
func webApp(app *pocketbase.PocketBase) fs.FS {
	if app.IsDev() {
		if info, err := os.Stat("pb_public"); err == nil && info.IsDir() {
			return os.DirFS("pb_public")
		}
	}
	return pb_public.FS
}
