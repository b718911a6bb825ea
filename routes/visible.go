package routes

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/visibility"
)

// listableQuery selects cols from the records of the collection that the
// requester of info may list: those that pass the collection's ListRule as
// it is now, resolved exactly as PocketBase's records list API resolves it
// (same resolver, same joins). The routes add their own narrowing (friends,
// a day, a month) on top; they never restate who may see what.
//
// The query reads FROM the collection under its own name, the alias that
// the rule's expression refers to; callers qualify columns with it
// ("todos.date"). The rule may make the query DISTINCT (a back-relation
// join), so aggregates go over it as a subquery.
func listableQuery(app core.App, info *core.RequestInfo, collectionName string, cols ...string) (*dbx.SelectQuery, error) {
	collection, err := app.FindCachedCollectionByNameOrId(collectionName)
	if err != nil {
		return nil, fmt.Errorf("listable %s: %w", collectionName, err)
	}

	return ruleQuery(app, info, collection, collection.ListRule, cols...)
}

// viewableQuery is listableQuery with the collection's ViewRule, for
// reading one record the way the records view API would.
func viewableQuery(app core.App, info *core.RequestInfo, collectionName string, cols ...string) (*dbx.SelectQuery, error) {
	collection, err := app.FindCachedCollectionByNameOrId(collectionName)
	if err != nil {
		return nil, fmt.Errorf("viewable %s: %w", collectionName, err)
	}

	return ruleQuery(app, info, collection, collection.ViewRule, cols...)
}

func ruleQuery(app core.App, info *core.RequestInfo, collection *core.Collection, rule *string, cols ...string) (*dbx.SelectQuery, error) {
	query := app.DB().Select(cols...).From(collection.Name)

	switch {
	case info.HasSuperuserAuth():
		return query, nil
	case rule == nil:
		// a superuser-only collection: nothing for anybody else
		return query.AndWhere(dbx.NewExp("1=0")), nil
	case *rule == "":
		return query, nil
	}

	resolver := core.NewRecordFieldResolver(app, collection, info, true)

	expr, err := search.FilterData(*rule).BuildExpr(resolver)
	if err != nil {
		return nil, fmt.Errorf("%s rule: %w", collection.Name, err)
	}
	query.AndWhere(expr)

	if err := resolver.UpdateQuery(query); err != nil {
		return nil, fmt.Errorf("%s rule joins: %w", collection.Name, err)
	}

	return query, nil
}

// friendsOf narrows a query to the rows whose column (a users id: "users.id",
// "todos.user") is a friend of userId: one search in the friendships
// (user, friend) index, less the user's own self row.
func friendsOf(column string, userId string) dbx.Expression {
	return dbx.NewExp(
		"[["+column+"]] IN (SELECT [[f.friend]] FROM {{friendships}} [[f]] WHERE [[f.user]] = {:tm_friends_of} AND [[f.friend]] != [[f.user]])",
		dbx.Params{"tm_friends_of": userId},
	)
}

// friendsByUsername are the friends of the auth user of info, by username,
// read through the users' own rule.
func friendsByUsername(app core.App, info *core.RequestInfo) ([]publicUser, error) {
	users, err := listableQuery(app, info, collections.Users, publicUserColumns...)
	if err != nil {
		return nil, err
	}

	friends := []publicUser{}
	err = users.
		AndWhere(friendsOf("users.id", info.Auth.Id)).
		OrderBy("users.username").
		All(&friends)

	return friends, err
}

// canQueryDirectly reports whether a route may read for the requester of
// info with its direct SQL instead of through listableQuery: the requester
// is a signed-in user (not a superuser), and the named collections' rules
// are still those the direct SQL restates (package visibility). The direct SQL asks
// SQLite for the same rows in fewer, simpler statements; a superuser who
// edits a rule sends the routes back through the rules until the rule is
// restored. TestDirectRoutesMatchRules holds the two ways to the same
// answers.
func canQueryDirectly(app core.App, info *core.RequestInfo, names ...string) bool {
	return info.Auth != nil && !info.HasSuperuserAuth() &&
		info.Auth.Collection().Name == collections.Users &&
		visibility.AreMigrated(app, names...)
}

// friendsDirect are the friends of userId by username, for a rule on users
// that lets every signed-in user see every user (visibility.SignedIn).
func friendsDirect(ctx context.Context, app core.App, statements *preparedStatements, userId string) ([]publicUser, error) {
	rows, err := statements.query(ctx, app, friendsDirectSQL, sql.Named("auth", userId))
	friends, err := scanAll(rows, err, func(rows *sql.Rows) (publicUser, error) {
		var u publicUser
		err := rows.Scan(&u.Id, &u.Username, &u.Name, &u.Avatar)
		return u, err
	})
	if err != nil {
		return nil, fmt.Errorf("friends of %s: %w", userId, err)
	}
	slices.SortFunc(friends, func(a, b publicUser) int { return strings.Compare(a.Username, b.Username) })
	return friends, nil
}

// friendsDirectSQL: the user's rows in friendships, less their self row.
// (CROSS JOIN fixes the join order for SQLite: from the user's friendships
// to the friends, never the other way round.) friendsDirect orders them by
// username, in Go: cheaper than SQLite's sorter, and the same order (the
// column's collation is BINARY, as Go compares strings).
const friendsDirectSQL = `SELECT u.id, u.username, u.name, u.avatar
FROM friendships f
CROSS JOIN users u ON u.id = f.friend
WHERE f.user = :auth AND f.friend != f.user`
