package routes

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// preparedStatements keeps the routes' direct SQL prepared on the app's
// concurrent database. Parsing and planning a statement with joins and
// subqueries costs pure-Go SQLite about as much as running it on a day of a
// friend list, so each one is prepared once (database/sql then prepares it
// once per pooled connection) instead of on every request.
//
// The statements use SQLite's named parameters (:auth), given as sql.Named.
// They are prepared again when the app opens a new database (a restored
// backup).
type preparedStatements struct {
	mu    sync.RWMutex
	db    *sql.DB
	stmts map[string]*sql.Stmt
}

func newPreparedStatements() *preparedStatements {
	return &preparedStatements{stmts: map[string]*sql.Stmt{}}
}

// query runs the statement query on app's concurrent database.
func (p *preparedStatements) query(ctx context.Context, app core.App, query string, args ...any) (*sql.Rows, error) {
	// (an app inside a transaction has a *dbx.Tx here; the routes are never
	// called on one)
	db, ok := app.ConcurrentDB().(*dbx.DB)
	if !ok {
		return nil, fmt.Errorf("the routes read from the app's pool, not from a %T", app.ConcurrentDB())
	}

	stmt, err := p.statement(db.DB(), query)
	if err != nil {
		return nil, err
	}

	start := time.Now()
	rows, err := stmt.QueryContext(ctx, args...)
	if db.QueryLogFunc != nil {
		// as dbx logs its own queries: --dev prints them, tests count them
		db.QueryLogFunc(ctx, time.Since(start), loggedSQL(query, args), rows, err)
	}

	return rows, err
}

// loggedSQL is query with its named arguments written in, for reading.
func loggedSQL(query string, args []any) string {
	named := make([]sql.NamedArg, 0, len(args))
	for _, arg := range args {
		if n, ok := arg.(sql.NamedArg); ok {
			named = append(named, n)
		}
	}
	// longest names first, so that :user is not written into :username
	sort.Slice(named, func(i, j int) bool { return len(named[i].Name) > len(named[j].Name) })

	for _, n := range named {
		literal := fmt.Sprint(n.Value)
		if s, ok := n.Value.(string); ok {
			literal = "'" + strings.ReplaceAll(s, "'", "''") + "'"
		}
		query = strings.ReplaceAll(query, ":"+n.Name, literal)
	}

	return query
}

func (p *preparedStatements) statement(db *sql.DB, query string) (*sql.Stmt, error) {
	p.mu.RLock()
	stmt := p.stmts[query]
	current := p.db == db
	p.mu.RUnlock()
	if stmt != nil && current {
		return stmt, nil
	}

	p.mu.Lock()
	defer p.mu.Unlock()

	if p.db != db {
		for _, old := range p.stmts {
			old.Close()
		}
		p.db, p.stmts = db, map[string]*sql.Stmt{}
	}
	if stmt := p.stmts[query]; stmt != nil {
		return stmt, nil
	}

	stmt, err := db.Prepare(query)
	if err != nil {
		return nil, fmt.Errorf("prepare %q: %w", query, err)
	}
	p.stmts[query] = stmt

	return stmt, nil
}

// scanAll reads every row of rows with scan and closes rows; err is the
// error of the query that gave them.
func scanAll[T any](rows *sql.Rows, err error, scan func(*sql.Rows) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()

	all := []T{}
	for rows.Next() {
		item, err := scan(rows)
		if err != nil {
			return nil, err
		}
		all = append(all, item)
	}

	return all, rows.Err()
}
