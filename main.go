// Command todomate is the todomate server: PocketBase with todomate's
// collections, rules, hooks and routes.
package main

import (
	"log"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"

	"github.com/todomate/todomate/hooks"
	_ "github.com/todomate/todomate/pb_migrations"
)

func main() {
	app := pocketbase.New()

	// migrations are written by hand in Go (see pb_migrations/); the
	// command is here for `migrate up|down|history-sync`
	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{
		Dir:          "pb_migrations",
		TemplateLang: migratecmd.TemplateLangGo,
	})

	hooks.MustRegister(app)

	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}
