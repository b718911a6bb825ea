//go:build replication

package replication_test

import (
	"database/sql"
	"path/filepath"
	"testing"

	_ "modernc.org/sqlite" // the driver PocketBase itself uses
)

// restoredDB is what a data dir's data.db holds, read once its server has
// stopped: SQLite's integrity check and the ids of the todos.
type restoredDB struct {
	integrity string
	todoIDs   map[string]bool
}

func readDataDB(t *testing.T, dir string) restoredDB {
	t.Helper()
	path := filepath.Join(dir, "data.db")
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatalf("opening %s: %v", path, err)
	}
	defer db.Close()

	var result restoredDB
	// the full check (every page, index and constraint), not quick_check
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&result.integrity); err != nil {
		t.Fatalf("integrity check of %s: %v", path, err)
	}
	rows, err := db.Query("SELECT id FROM todos")
	if err != nil {
		t.Fatalf("reading the todos of %s: %v", path, err)
	}
	defer rows.Close()
	result.todoIDs = map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatalf("reading the todos of %s: %v", path, err)
		}
		result.todoIDs[id] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("reading the todos of %s: %v", path, err)
	}
	return result
}
