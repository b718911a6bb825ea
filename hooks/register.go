// Package hooks is todomate's behaviour on top of PocketBase: the validation
// and privacy checks that API rules cannot express, the friendships kept in
// step with follows, and the custom routes. One concern per file; Register
// binds them all.
package hooks

import (
	"github.com/pocketbase/pocketbase/core"
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
	realtime := bindRealtime(app)
	bindAudiences(app, realtime)
	bindBlocks(app, realtime)
	bindRoutes(app)
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
