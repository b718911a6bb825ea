package visibility

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

// A goal's, todo's or diary's audience (collections.FieldAudience) is the
// ids of the users who may see it, comma-separated in id order: the owner
// alone when the record is private (a todo: when its goal is), else the
// owner's circle, the owner and the owner's friends. InAudience reads it
// with a substring match, exact because every users id is 15 characters of
// [a-z0-9] (collections.UserIdPattern).

// CircleSQL is the circle of {:owner}: the owner and the owner's friends,
// their ids comma-separated in id order. (The owner is added here, not
// read from their self row in friendships.)
const CircleSQL = `(SELECT group_concat(member, ',' ORDER BY member) FROM (
	SELECT friend AS member FROM friendships WHERE user = {:owner} AND friend != user
	UNION SELECT {:owner}))`

// CirclesSQL is a WITH clause of every user's circle at once, as
// circle(user, ids): one pass over friendships, for rewriting or checking
// all audiences.
const CirclesSQL = `WITH circle AS (
	SELECT user, group_concat(member, ',' ORDER BY member) AS ids FROM (
		SELECT user, friend AS member FROM friendships WHERE friend != user
		UNION ALL SELECT id, id FROM users
	) GROUP BY user)`

// Circle is the Go form of CircleSQL, from the owner's friends.
func Circle(owner string, friends []string) string {
	ids := append([]string{owner}, friends...)
	slices.Sort(ids)
	return strings.Join(ids, ",")
}

// PrivateSQL is whether the row alias of the carrier collection name is
// private, in SQL: its own private field, or its PrivateVia record's.
func PrivateSQL(name, alias string) string {
	d, _ := collections.Describe(name)
	via := d.PrivateVia
	if via.Field == "" {
		return alias + ".private"
	}
	return fmt.Sprintf("(%[1]s.%[2]s != '' AND EXISTS (SELECT 1 FROM %[3]s v WHERE v.id = %[1]s.%[2]s AND v.private))",
		alias, via.Field, via.Collection)
}

// AudienceSQL is the audience of a row of the carrier collection name
// (unaliased, as in an UPDATE of it), given {:owner} and {:circle}, the
// owner's circle.
func AudienceSQL(name string) string {
	return "(CASE WHEN " + PrivateSQL(name, name) + " THEN {:owner} ELSE {:circle} END)"
}

// CircleOf is CircleSQL for owner.
func CircleOf(txApp core.App, owner string) (string, error) {
	var circle string
	err := txApp.DB().NewQuery("SELECT " + CircleSQL).Bind(dbx.Params{"owner": owner}).Row(&circle)
	if err != nil {
		return "", fmt.Errorf("circle of %s: %w", owner, err)
	}
	return circle, nil
}

// AudienceOf is the audience that record, a goal, todo or diary about to
// be written, should carry, read in one query: the owner alone when it is
// private, else the owner's circle.
func AudienceOf(txApp core.App, record *core.Record) (string, error) {
	name := record.Collection().Name
	owner := record.GetString(collections.FieldUser)
	d, _ := collections.Describe(name)
	params := dbx.Params{"owner": owner}
	private := "FALSE"
	switch via := d.PrivateVia; {
	case via.Field == "":
		if record.GetBool(collections.FieldPrivate) {
			return owner, nil
		}
	case record.GetString(via.Field) != "":
		private = "EXISTS (SELECT 1 FROM " + via.Collection + " WHERE id = {:via} AND private)"
		params["via"] = record.GetString(via.Field)
	}

	var audience string
	err := txApp.DB().NewQuery("SELECT CASE WHEN " + private + " THEN {:owner} ELSE " + CircleSQL + " END").
		Bind(params).Row(&audience)
	if err != nil {
		return "", fmt.Errorf("audience of %s %s: %w", name, record.Id, err)
	}
	return audience, nil
}

// SeenBySQL is whether the user whose id is the SQL expression who (a
// named parameter such as ":auth", or a column) is in the audience of the
// row alias, in direct SQL: InAudience restated (instr is exact where LIKE
// ignores ASCII case, and the same here: ids have no capitals).
func SeenBySQL(alias, who string) string {
	return "instr(" + alias + ".audience, " + who + ") > 0"
}
