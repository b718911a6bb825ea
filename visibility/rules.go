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
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

// The rules read the auth id only against the liker and the audiences of
// the record or the liked one, and an audience is the owner and the
// owner's friends: so they tell apart only the owner, the liker, the
// owner's friends and everyone else, of the users collection. The realtime
// hub relies on it to ask once per role instead of once per subscriber.
const (
	// SignedIn lets in any signed-in client (users, and follows: the follow
	// graph is public in the app).
	SignedIn = `@request.auth.id != ""`

	ofUsers = `@request.auth.collectionName = "users"`
	// InAudience: the auth user is in the record's audience.
	InAudience = ofUsers + ` && audience ~ @request.auth.id`
)

// Rule is the list and view rule of a collection of kind sight, and
// whether it has one (a collection only the server reads has none).
func Rule(sight collections.Sight) (string, bool) {
	switch sight {
	case collections.SightSignedIn:
		return SignedIn, true
	case collections.SightAudience:
		return InAudience, true
	case collections.SightLiked:
		return likedRule(), true
	}
	return "", false
}

// likedRule: the liker, or whoever is in the audience of what is liked.
func likedRule() string {
	seen := []string{collections.FieldUser + ` = @request.auth.id`}
	for _, target := range collections.LikesTargets {
		seen = append(seen, target.Field+`.audience ~ @request.auth.id`)
	}
	return ofUsers + ` && (` + strings.Join(seen, " || ") + `)`
}

// Rules are the list and view rules of every described collection that has
// one, by collection name.
func Rules() map[string]string {
	rules := map[string]string{}
	for _, d := range collections.Descriptions {
		if rule, ok := Rule(d.Sight); ok {
			rules[d.Name] = rule
		}
	}
	return rules
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
