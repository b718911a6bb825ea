package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

// The API rules as the migrations set them (TestMigratedRulesMatchMigrations
// keeps the two equal). The rules are the one definition of who sees what;
// these copies let the realtime audiences and the routes' direct SQL know
// what the rules say, and stand aside the moment a superuser edits one.
//
// They read the auth id only against the record's user, the liked record's
// owner and the owner's rows in friendships (their friends and, since every
// user has a self row, the owner).
const (
	ruleGoalsVisible   = `user.friendships_via_user.friend ?= @request.auth.id && (user = @request.auth.id || private = false)`
	ruleTodosVisible   = `user.friendships_via_user.friend ?= @request.auth.id && (user = @request.auth.id || goal = "" || goal.private = false)`
	ruleDiariesVisible = `user.friendships_via_user.friend ?= @request.auth.id && (user = @request.auth.id || private = false)`
	ruleLikesVisible   = `user = @request.auth.id` +
		` || (todo != "" && todo.user.friendships_via_user.friend ?= @request.auth.id && (todo.user = @request.auth.id || todo.goal = "" || todo.goal.private = false))` +
		` || (diary != "" && diary.user.friendships_via_user.friend ?= @request.auth.id && (diary.user = @request.auth.id || diary.private = false))`
	// ruleSignedIn lets in any signed-in client (users and follows: the
	// follow graph is public in the app).
	ruleSignedIn = `@request.auth.id != ""`
)

// migratedRules are the list and view rules of every collection whose rule
// the routes' direct SQL restates.
var migratedRules = map[string]string{
	collections.Users:   ruleSignedIn,
	collections.Goals:   ruleGoalsVisible,
	collections.Todos:   ruleTodosVisible,
	collections.Diaries: ruleDiariesVisible,
	collections.Likes:   ruleLikesVisible,
	collections.Follows: ruleSignedIn,
}

// hasMigratedRules reports whether the list and view rules of each named
// collection are still the ones the migrations set.
func hasMigratedRules(app core.App, names ...string) bool {
	for _, name := range names {
		collection, err := app.FindCachedCollectionByNameOrId(name)
		if err != nil || !isMigratedRule(collection) {
			return false
		}
	}
	return true
}

// isMigratedRule reports whether collection's list and view rules are the
// ones the migrations set (and this file knows).
func isMigratedRule(collection *core.Collection) bool {
	want, known := migratedRules[collection.Name]
	return known &&
		collection.ListRule != nil && *collection.ListRule == want &&
		collection.ViewRule != nil && *collection.ViewRule == want
}
