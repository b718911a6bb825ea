// Package hooks is todomate's behaviour on top of PocketBase: the validation
// and privacy checks that API rules cannot express, the friendships and
// audiences kept in step with follows, levels and blocks, the guard on
// client queries. One concern per file; Register binds them all, with the
// realtime engine (package realtime) and the read routes (package routes).
package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/realtime"
	"github.com/todomate/todomate/routes"
)

// Register binds todomate's hooks and routes to app. Together with the
// pb_migrations package (imported for its side effect) it is all another
// PocketBase app needs to become todomate.
func Register(app core.App) error {
	bindBodyLimit(app)
	bindMultipart(app)
	bindAuthors(app)
	bindGoals(app)
	bindTodos(app)
	bindDiaries(app)
	bindLikes(app)
	bindFollows(app)
	bindFriendships(app)
	bindVisibilityLevels(app)
	losses := realtime.Bind(app)
	bindAudiences(app, losses)
	bindBlocks(app, losses)
	routes.Bind(app)
	bindClientQueries(app)
	bindListNarrowing(app)
	bindStrictInput(app)

	return nil
}

// MustRegister is Register for callers that cannot go on without todomate.
func MustRegister(app core.App) {
	if err := Register(app); err != nil {
		panic(err)
	}
}
