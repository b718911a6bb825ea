package routes

import (
	"context"
	"database/sql"
	"testing"

	"github.com/pocketbase/pocketbase/tests"
)

// TestPreparedStatementsFollowTheAppsDatabase: a statement is prepared once
// per database, and again on the app's next database (as after a restored
// backup), not run on the closed one.
func TestPreparedStatementsFollowTheAppsDatabase(t *testing.T) {
	statements := newPreparedStatements()

	for i := range 2 {
		app, err := tests.NewTestApp()
		if err != nil {
			t.Fatal(err)
		}

		for range 2 {
			rows, err := statements.query(context.Background(), app, "SELECT :n", sql.Named("n", i))
			got, err := scanAll(rows, err, func(rows *sql.Rows) (int, error) {
				var n int
				err := rows.Scan(&n)
				return n, err
			})
			if err != nil || len(got) != 1 || got[0] != i {
				t.Fatalf("database %d: %v, %v", i, got, err)
			}
		}
		if len(statements.stmts) != 1 {
			t.Fatalf("database %d: %d statements kept, want 1", i, len(statements.stmts))
		}

		app.Cleanup()
	}
}
