// Command stockserver is stock PocketBase on todomate's collections: the
// same migrations and the same database settings (limits.FromEnv), none of
// todomate's hooks, routes or realtime. bench/load.sh gives it owner-only
// rules and measures todomate's records API against it (issue 15: my day
// within 1.2x of stock PocketBase with an owner-only rule).
//
//	go run ./bench/stockserver serve --dir pb_data --http 127.0.0.1:8092
package main

import (
	"log"
	"os"

	"github.com/pocketbase/pocketbase"

	"github.com/todomate/todomate/internal/profiles"
	"github.com/todomate/todomate/limits"
	_ "github.com/todomate/todomate/pb_migrations"
)

func main() {
	bounds, err := limits.FromEnv(os.Getenv)
	if err != nil {
		log.Fatal(err)
	}
	if addr := os.Getenv("TODOMATE_PPROF_ADDR"); addr != "" {
		profiles.Serve(addr)
	}
	app := pocketbase.NewWithConfig(bounds.PocketBaseConfig())
	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}
