package hooks

import (
	"fmt"
	"math"
	"strconv"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/visibility"
)

// List totals: a narrowed list's totalItems is counted here, not by
// PocketBase. PocketBase counts with the page's WHERE: the narrowing's OR,
// which reads every row it names from the table to count it once, and the
// rule's substring tests (LIKE) on each. For an unnarrowed day that is
// every "everyone" todo of the day: at 10,000 users 2,900 rows, 6.7 ms of
// a 10 ms request (3.1 ms at 1,000 users), the one part of a list that grew
// with the community. Here it is a sum over the narrowing's two parts
// (visibility.NarrowingParts), each read through one index, of the rows
// that pass the client's filter, built by PocketBase's own resolver as for
// its count, and visibility.SeenBySQL, the rule restated for direct SQL.
//
// The total is PocketBase's by test: TestListNarrowingChangesNoAnswer
// holds it equal to the rule's answer for every requester at every level,
// blocks included, with filters that join other collections.

// listTotalKey names the request's listTotal in the request event's store.
const listTotalKey = "todomateListTotal"

// listTotal is what counting a narrowed list needs beyond its request (the
// client's filter is in the request info, which keeps what was sent).
type listTotal struct {
	circle []string // the narrowing's (visibility.NarrowingCircle)
}

// takeListTotal makes e's list, narrowed with circle, skip PocketBase's
// count and have bindListTotals count it, unless the client skips the total
// (or sent a skipTotal PocketBase will refuse).
func takeListTotal(e *core.RequestEvent, circle []string) {
	query := e.Request.URL.Query()
	if raw := query.Get(search.SkipTotalQueryParam); raw != "" {
		if skip, err := strconv.ParseBool(raw); err != nil || skip {
			return
		}
	}
	query.Set(search.SkipTotalQueryParam, "1")
	e.Request.URL.RawQuery = query.Encode()
	e.Set(listTotalKey, listTotal{circle: circle})
}

func bindListTotals(app core.App) {
	app.OnRecordsListRequest().BindFunc(func(e *core.RecordsListRequestEvent) error {
		total, ok := e.Get(listTotalKey).(listTotal)
		if !ok {
			return e.Next()
		}
		n, err := countVisible(e, total)
		if err != nil {
			return e.InternalServerError("", fmt.Errorf("total of a %s list: %w", e.Collection.Name, err))
		}
		e.Result.TotalItems = n
		e.Result.TotalPages = int(math.Ceil(float64(n) / float64(e.Result.PerPage)))
		return e.Next()
	})
}

// countVisible counts the records of e's collection that pass the client's
// filter and that e's auth user may see.
func countVisible(e *core.RecordsListRequestEvent, total listTotal) (int, error) {
	info, err := e.RequestInfo()
	if err != nil {
		return 0, err
	}
	d, _ := collections.Describe(e.Collection.Name)
	table := e.Collection.Name
	seen := dbx.NewExp(visibility.SeenBySQL(table, "{:todomateViewer}"), dbx.Params{"todomateViewer": e.Auth.Id})

	sum := 0
	for _, part := range visibility.NarrowingParts(table, d.Author, e.Auth.Id, total.circle) {
		query := e.App.RecordQuery(e.Collection).AndWhere(part.SQL).AndWhere(seen)
		// the client's filter as PocketBase reads it: hidden fields closed,
		// relations joined and held to their collections' list rules
		resolver := core.NewRecordFieldResolver(e.App, e.Collection, info, false)
		for _, filter := range []string{info.Query[search.FilterQueryParam], part.Filter} {
			if filter == "" {
				continue
			}
			expr, err := search.FilterData(filter).BuildExprWithLimit(resolver, search.DefaultFilterExprLimit)
			if err != nil {
				return 0, fmt.Errorf("filter %q: %w", filter, err)
			}
			query.AndWhere(expr)
		}
		if err := resolver.UpdateQuery(query); err != nil {
			return 0, err
		}
		// a join can repeat a row; without one each row is one record
		count := "COUNT(*)"
		if len(query.Info().Join) > 0 {
			count = "COUNT(DISTINCT [[" + table + "._rowid_]])"
		}
		var n int
		if err := query.Distinct(false).Select(count).GroupBy().OrderBy().Row(&n); err != nil {
			return 0, err
		}
		sum += n
	}
	return sum, nil
}
