package apitest

import (
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

// StoredLikeCount is the like count that the todo id carries
// (collections.TodosColumnLikeCount), read with SQL: it is no field.
func StoredLikeCount(t testing.TB, app core.App, id string) int {
	t.Helper()
	var count int
	if err := app.DB().NewQuery("SELECT " + collections.TodosColumnLikeCount + " FROM todos WHERE id = {:id}").
		Bind(dbx.Params{"id": id}).Row(&count); err != nil {
		t.Fatalf("like count of %s: %v", id, err)
	}
	return count
}
