package visibility_test

import (
	"strings"
	"testing"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/internal/fixture"
	"github.com/todomate/todomate/visibility"
)

// TestRulesMatchMigrations: the realtime audiences and the routes' direct
// SQL are written against the rules here, which must be the rules the
// migrations leave on each collection (and none where the description says
// only the server reads it).
func TestRulesMatchMigrations(t *testing.T) {
	app := fixture.NewCommunityApp(t)
	t.Cleanup(app.Cleanup)

	for _, d := range collections.Descriptions {
		c, err := app.FindCollectionByNameOrId(d.Name)
		if err != nil {
			t.Fatalf("%s: %v", d.Name, err)
		}
		rule, ok := visibility.Rule(d.Sight)
		if !ok {
			if c.ListRule != nil || c.ViewRule != nil {
				t.Errorf("%s: described as read by the server only, but has list/view rules %v/%v", d.Name, c.ListRule, c.ViewRule)
			}
			continue
		}
		if c.ListRule == nil || *c.ListRule != rule || c.ViewRule == nil || *c.ViewRule != rule {
			t.Errorf("%s: the migrations' list/view rules differ from visibility's %q", d.Name, rule)
		}
		if !visibility.IsMigrated(c) {
			t.Errorf("%s: IsMigrated is false on the migrated collection", d.Name)
		}
	}
}

// TestEveryCollectionIsDescribed: every collection the migrations make has
// a description (what it is, who sees it, which parts handle it), and every
// description names a collection that exists.
func TestEveryCollectionIsDescribed(t *testing.T) {
	app := fixture.NewCommunityApp(t)
	t.Cleanup(app.Cleanup)

	all, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	exists := map[string]bool{}
	for _, c := range all {
		exists[c.Name] = true
		if strings.HasPrefix(c.Name, "_") {
			continue // PocketBase's own (superusers, auth origins, ...)
		}
		if _, ok := collections.Describe(c.Name); !ok {
			t.Errorf("collection %s has no description in collections.Descriptions", c.Name)
		}
	}
	for _, d := range collections.Descriptions {
		if !exists[d.Name] {
			t.Errorf("described collection %s does not exist", d.Name)
		}
	}
}
