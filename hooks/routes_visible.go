package hooks

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"

	"github.com/todomate/todomate/collections"
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
