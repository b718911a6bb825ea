package apitest

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// SetListViewRule sets a collection's list and view rules to rule: the
// privacy tests' twins loosen a rule this way and show that what the first
// test says is hidden then shows, so a leaky rule fails the first.
func SetListViewRule(t testing.TB, app core.App, collection, rule string) {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	c.ListRule = types.Pointer(rule)
	c.ViewRule = types.Pointer(rule)
	if err := app.Save(c); err != nil {
		t.Fatalf("%s rules: %v", collection, err)
	}
}
