package seed

import (
	"context"
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
)

// inserter writes rows of one table with one prepared single-row INSERT,
// inside the caller's transaction.
//
// Single rows on purpose: with this pure-Go SQLite, multi-row INSERTs
// were slower (measured 1.7x the CPU time for 200 rows a statement) — the
// driver matches every bound parameter by a linear search over all of
// them, and a multi-row statement needs a statement journal.
type inserter struct {
	ctx     context.Context
	table   string
	columns []string
	query   *dbx.Query
	params  dbx.Params
	written int
}

func newInserter(ctx context.Context, db dbx.Builder, table string, columns ...string) *inserter {
	names := make([]string, len(columns))
	values := make([]string, len(columns))
	for i, c := range columns {
		names[i] = "[[" + c + "]]"
		values[i] = "{:" + c + "}"
	}
	sql := fmt.Sprintf("INSERT INTO {{%s}} (%s) VALUES (%s)",
		table, strings.Join(names, ", "), strings.Join(values, ", "))

	return &inserter{
		ctx:     ctx,
		table:   table,
		columns: columns,
		query:   db.NewQuery(sql).Prepare(),
		params:  make(dbx.Params, len(columns)),
	}
}

// add writes one row, values in the order of the columns.
func (ins *inserter) add(values ...any) error {
	if len(values) != len(ins.columns) {
		return fmt.Errorf("seed: %s: %d values for %d columns", ins.table, len(values), len(ins.columns))
	}
	// a cancelled run stops within a thousand rows
	if ins.written%1000 == 0 {
		if err := ins.ctx.Err(); err != nil {
			return err
		}
	}

	for i, v := range values {
		ins.params[ins.columns[i]] = v
	}
	if _, err := ins.query.Bind(ins.params).Execute(); err != nil {
		return fmt.Errorf("seed: insert into %s: %w", ins.table, err)
	}
	ins.written++

	return nil
}

// flush releases the prepared statement; every row is written already.
func (ins *inserter) flush() error {
	return ins.query.Close()
}
