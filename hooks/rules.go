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
// They read the auth id only against the liker and the audiences of the
// record or the liked one, and an audience is the owner and the owner's
// friends (audiences.go): so they tell apart only the owner, the liker,
// the owner's friends and everyone else, of the users collection.
const (
	ruleInAudience     = `@request.auth.collectionName = "users" && audience ~ @request.auth.id`
	ruleGoalsVisible   = ruleInAudience
	ruleTodosVisible   = ruleInAudience
	ruleDiariesVisible = ruleInAudience
	ruleLikesVisible   = `@request.auth.collectionName = "users" &&` +
		` (user = @request.auth.id || todo.audience ~ @request.auth.id || diary.audience ~ @request.auth.id)`
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
