package hooks

import (
	"net/http"
	"strings"

	"github.com/ganigeorgiev/fexpr"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/visibility"
)

// List narrowing: a records list of goals, todos or diaries whose filter
// does not name one author ("every todo of 2026-11-30 I may see") gets the
// viewer's narrowing (visibility.Narrowing) AND-ed to its filter before
// PocketBase reads it. PocketBase puts the list rule and the filter in one
// WHERE; the rule tests each row's audience with substring matches, which
// no index serves, so without it SQLite tests every row the filter names:
// at 10,000 users, 33,000 todos a day for 62 visible, 134 ms to count them.
// With it SQLite reads the circle's rows and the "everyone" rows through
// indexes (a MULTI-INDEX OR), and the rule tests only those. Its total is
// counted apart (list_totals.go).
//
// The answer is the same by construction (the narrowing holds for every
// visible record) and by test (TestListNarrowingChangesNoAnswer, the
// levels matrix, which lists unnarrowed); the plan is held by
// TestUnnarrowedDayReadsByIndex.

// listNarrowingId names the router middleware.
const listNarrowingId = "todomateListNarrowing"

// recordsListPattern is the records list route (GET and HEAD).
const recordsListPattern = "GET /api/collections/{collection}/records"

func bindListNarrowing(app core.App) {
	bindRouterMiddleware(app, listNarrowingId, func(e *core.RequestEvent) error {
		if err := narrowList(e); err != nil {
			return err
		}
		return e.Next()
	})
	bindListTotals(app)
}

// narrowList adds the viewer's narrowing to e's filter where it applies.
func narrowList(e *core.RequestEvent) error {
	if e.Request.Pattern != recordsListPattern ||
		(e.Request.Method != http.MethodGet && e.Request.Method != http.MethodHead) ||
		e.Auth == nil || e.Auth.Collection().Name != collections.Users {
		return nil
	}
	collection, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection"))
	if err != nil || !visibility.IsNarrowable(collection) {
		return nil // PocketBase answers for a collection that is not there
	}
	d, _ := collections.Describe(collection.Name)

	query := e.Request.URL.Query()
	filter := query.Get(search.FilterQueryParam)
	expressions := 0
	if filter != "" {
		// a filter with a comment is left alone: fexpr reads quotes inside
		// a comment within parentheses, so it could not be wrapped in them
		if strings.Contains(filter, "//") {
			return nil
		}
		groups, err := fexpr.Parse(filter)
		if err != nil || namesOneAuthor(groups, d.Author) {
			return nil // PocketBase answers a bad filter; one author's list is narrow
		}
		expressions = countExpressions(groups)
	}

	circle, err := visibility.NarrowingCircle(e.App, e.Auth.Id)
	if err != nil {
		e.App.Logger().Warn("list unnarrowed", "error", err)
		return nil // correct, only slower; PocketBase answers what it can
	}
	narrowing := visibility.Narrowing(d.Author, e.Auth.Id, circle)
	narrowed := narrowing
	if filter != "" {
		narrowed = "(" + filter + ") && " + narrowing
	}
	if len(narrowed) > search.MaxFilterLength || expressions+len(circle)+2 > search.DefaultFilterExprLimit {
		return nil
	}

	// the request info keeps the filter the client sent (PocketBase's
	// throttle of empty searches reads it); the list reads the URL
	if _, err := e.RequestInfo(); err != nil {
		return nil // PocketBase answers it
	}
	query.Set(search.FilterQueryParam, narrowed)
	e.Request.URL.RawQuery = query.Encode()
	takeListTotal(e, circle)
	return nil
}

// namesOneAuthor reports whether groups, a parsed filter, holds only for
// records of one author: an AND of terms one of which is author = a text
// (clients may not filter by @request).
func namesOneAuthor(groups []fexpr.ExprGroup, author string) bool {
	for i, group := range groups {
		if i > 0 && group.Join != fexpr.JoinAnd {
			return false
		}
	}
	for _, group := range groups {
		switch item := group.Item.(type) {
		case fexpr.Expr:
			if item.Op == fexpr.SignEq && (isAuthor(item.Left, author) && item.Right.Type == fexpr.TokenText ||
				isAuthor(item.Right, author) && item.Left.Type == fexpr.TokenText) {
				return true
			}
		case []fexpr.ExprGroup:
			if namesOneAuthor(item, author) {
				return true
			}
		}
	}
	return false
}

func isAuthor(token fexpr.Token, author string) bool {
	return token.Type == fexpr.TokenIdentifier && token.Literal == author
}

// countExpressions counts the expressions of a parsed filter, as
// PocketBase does against its limit.
func countExpressions(groups []fexpr.ExprGroup) int {
	n := 0
	for _, group := range groups {
		switch item := group.Item.(type) {
		case fexpr.Expr:
			n++
		case []fexpr.ExprGroup:
			n += countExpressions(item)
		}
	}
	return n
}
