// Package visibility is the one home of "who may see this record": the API
// rule of each kind of collection, the audience a goal, todo or diary
// carries (in SQL, for the hooks that write it, and in Go, for the seed),
// and the fragment the routes' direct SQL tests a row with. Everything
// else that needs to know what is visible asks here.
//
// Migrations keep the rule texts they set, frozen: an applied migration
// must keep doing what it did. TestRulesMatchMigrations holds the rules
// here equal to the ones the migrations leave.
package visibility

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

// The rules read the auth id only against the record's audience (its own,
// or the liked record's), the liker, the blocker, and the block lists of
// the users involved: so, for one record, they tell apart only the owner,
// the liker, the users listed in the audience, and the users in a block
// with someone involved. The realtime hub relies on it to ask once per
// role instead of once per subscriber (realtime/audience.go).
const (
	ofUsers = `@request.auth.collectionName = "users"`

	// UnlessBlocking: any signed-in user whom the user does not block.
	UnlessBlocking = `@request.auth.id != "" && blocking !~ @request.auth.id`

	// FollowGraph: any signed-in user blocked by neither side.
	FollowGraph = `@request.auth.id != "" && follower.blocking !~ @request.auth.id && following.blocking !~ @request.auth.id`

	// Blocker: the blocker alone.
	Blocker = `blocker = @request.auth.id`

	// Recipient: the user a record is for alone.
	Recipient = `user = @request.auth.id`
)

var (
	// InAudience: the auth user is in the record's audience (audience.go).
	InAudience = ofUsers + ` && ` + audienceHolds(collections.FieldAudience)

	// Liked: the liker, or whoever is in the audience of what is liked and
	// in no block with the liker.
	Liked = likedRule()
)

// audienceHolds is the rule that the audience field names the auth user:
// a list of ids that holds theirs, or "*" with a list that does not.
func audienceHolds(field string) string {
	return `((` + field + ` ~ @request.auth.id && ` + field + ` !~ "*") || (` +
		field + ` ~ "*" && ` + field + ` !~ @request.auth.id))`
}

func likedRule() string {
	seen := ""
	for i, target := range collections.LikesTargets {
		if i > 0 {
			seen += " || "
		}
		seen += audienceHolds(target.Field + "." + collections.FieldAudience)
	}
	return ofUsers + ` && (user = @request.auth.id || (user.` + collections.UsersFieldInBlockWith +
		` !~ @request.auth.id && (` + seen + `)))`
}

// Rule is the list and view rule of a collection of kind sight, and
// whether it has one (a collection only the server reads has none).
func Rule(sight collections.Sight) (string, bool) {
	switch sight {
	case collections.SightUnlessBlocking:
		return UnlessBlocking, true
	case collections.SightFollowGraph:
		return FollowGraph, true
	case collections.SightAudience:
		return InAudience, true
	case collections.SightLiked:
		return Liked, true
	case collections.SightBlocker:
		return Blocker, true
	case collections.SightRecipient:
		return Recipient, true
	}
	return "", false
}

// IsMigrated reports whether collection's list and view rules are the ones
// its description gives (and the migrations set): what the realtime
// audiences and the routes' direct SQL are written against. A rule a
// superuser edited in the dashboard sends them back to asking PocketBase.
func IsMigrated(collection *core.Collection) bool {
	d, described := collections.Describe(collection.Name)
	if !described {
		return false
	}
	want, ok := Rule(d.Sight)
	return ok &&
		collection.ListRule != nil && *collection.ListRule == want &&
		collection.ViewRule != nil && *collection.ViewRule == want
}

// AreMigrated reports whether IsMigrated holds for each named collection.
func AreMigrated(app core.App, names ...string) bool {
	for _, name := range names {
		collection, err := app.FindCachedCollectionByNameOrId(name)
		if err != nil || !IsMigrated(collection) {
			return false
		}
	}
	return true
}
