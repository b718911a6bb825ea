package visibility

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

// A goal's, todo's or diary's audience (collections.FieldAudience) says who
// may see it, by its visibility level (a todo takes its goal's, and is
// "friends" without one):
//
//	me        the owner's id
//	friends   the owner's circle: the owner's and their friends' ids
//	everyone  "*", then the ids of the users in a block with the owner
//
// ids comma-separated in id order. InAudience reads it with substring
// matches, exact because every users id is 15 characters of [a-z0-9]
// (collections.UserIdPattern) and none holds a "*". A block ends the
// follows both ways, so a circle never holds someone in a block with its
// owner.

// CircleSQL is the circle of {:owner}: the owner and the owner's friends,
// their ids comma-separated in id order. (The owner is added here, not
// read from their self row in friendships.)
const CircleSQL = `(SELECT group_concat(member, ',' ORDER BY member) FROM (
	SELECT friend AS member FROM friendships WHERE user = {:owner} AND friend != user
	UNION SELECT {:owner}))`

// EveryoneSQL is the audience of {:owner}'s "everyone" records.
var EveryoneSQL = `(SELECT ` + EveryoneFromSQL("in_block_with") + ` FROM users WHERE id = {:owner})`

// EveryoneFromSQL is the "everyone" audience of a user whose
// in_block_with is the SQL expression inBlockWith.
func EveryoneFromSQL(inBlockWith string) string {
	return `('*' || coalesce(',' || nullif(` + inBlockWith + `, ''), ''))`
}

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

// Everyone is the Go form of EveryoneSQL, from the ids in a block with the
// owner (in id order).
func Everyone(inBlockWith string) string {
	if inBlockWith == "" {
		return "*"
	}
	return "*," + inBlockWith
}

// Audience is the Go form of an audience, from the level and the owner's
// circle and "everyone" audience.
func Audience(level, owner, circle, everyone string) string {
	switch level {
	case collections.VisibilityMe:
		return owner
	case collections.VisibilityEveryone:
		return everyone
	}
	return circle
}

// LevelSQL is the visibility level of the row alias of the carrier
// collection name, in SQL: its own, or its LevelVia record's; "friends"
// when there is none.
func LevelSQL(name, alias string) string {
	d, _ := collections.Describe(name)
	via := d.LevelVia
	if via.Field == "" {
		return "coalesce(nullif(" + alias + ".visibility, ''), 'friends')"
	}
	return fmt.Sprintf("coalesce((SELECT nullif(v.visibility, '') FROM %s v WHERE v.id = %s.%s), 'friends')",
		via.Collection, alias, via.Field)
}

// AudienceSQL is the audience of a row of the carrier collection name
// (unaliased, as in an UPDATE of it), given {:owner}, {:circle} and
// {:everyone}, the owner's two other audiences.
func AudienceSQL(name string) string {
	return "(CASE " + LevelSQL(name, name) + " WHEN 'me' THEN {:owner} WHEN 'everyone' THEN {:everyone} ELSE {:circle} END)"
}

// Audiences are an owner's audiences but "me" (which is the owner's id).
type Audiences struct{ Circle, Everyone string }

// AudiencesOf reads owner's circle and "everyone" audience in one query.
func AudiencesOf(txApp core.App, owner string) (Audiences, error) {
	var a Audiences
	err := txApp.DB().NewQuery("SELECT "+CircleSQL+", "+EveryoneSQL).
		Bind(dbx.Params{"owner": owner}).Row(&a.Circle, &a.Everyone)
	if err != nil {
		return a, fmt.Errorf("audiences of %s: %w", owner, err)
	}
	return a, nil
}

// Params are the parameters of AudienceSQL for owner.
func (a Audiences) Params(owner string) dbx.Params {
	return dbx.Params{"owner": owner, "circle": a.Circle, "everyone": a.Everyone}
}

// levelOf is the visibility level of record, a goal, todo or diary about to
// be written: its own, or its LevelVia record's, read with txApp.
func levelOf(txApp core.App, record *core.Record) (string, error) {
	d, _ := collections.Describe(record.Collection().Name)
	via := d.LevelVia
	if via.Field == "" {
		return orFriends(record.GetString(collections.FieldVisibility)), nil
	}
	id := record.GetString(via.Field)
	if id == "" {
		return collections.VisibilityFriends, nil
	}
	var level string
	err := txApp.DB().Select(collections.FieldVisibility).From(via.Collection).
		Where(dbx.HashExp{collections.FieldId: id}).Row(&level)
	if err != nil {
		return "", fmt.Errorf("level of %s %s: %w", via.Collection, id, err)
	}
	return orFriends(level), nil
}

func orFriends(level string) string {
	if level == "" {
		return collections.VisibilityFriends
	}
	return level
}

// AudienceOf is the visibility level and the audience that record, a
// goal, todo or diary about to be written, should carry.
func AudienceOf(txApp core.App, record *core.Record) (level, audience string, err error) {
	owner := record.GetString(collections.FieldUser)
	level, err = levelOf(txApp, record)
	if err != nil {
		return "", "", err
	}
	if level == collections.VisibilityMe {
		return level, owner, nil
	}
	audiences, err := AudiencesOf(txApp, owner)
	if err != nil {
		return "", "", err
	}
	return level, Audience(level, owner, audiences.Circle, audiences.Everyone), nil
}

// SeenBySQL is whether the user whose id is the SQL expression who (a
// named parameter such as ":auth", or a column) is in the audience of the
// row alias, in direct SQL: InAudience restated (instr is exact where LIKE
// ignores ASCII case, and the same here: ids have no capitals). The rule's
// "holds a *" is read as "begins with *", which is the same for every
// audience (a "*" is only ever first) and does not scan the whole list:
// a tenth of the feed's todos SQL.
func SeenBySQL(alias, who string) string {
	audience := alias + "." + collections.FieldAudience
	return fmt.Sprintf("(CASE WHEN substr(%[1]s, 1, 1) = '*' THEN instr(%[1]s, %[2]s) = 0 ELSE instr(%[1]s, %[2]s) > 0 END)",
		audience, who)
}

// SeenByFriendSQL is SeenBySQL for a viewer known to be a friend of the
// row alias's author, in direct SQL. A friend is in the author's circle and
// in no block with them (a block ends the follows), so of the three
// audiences above only "me" leaves them out: the level decides alone. It
// reads no audience (a circle's ids, about 300 bytes at 10,000 users), so
// an index can carry what the feed reads of a todo: the (date, user, ...)
// index of todos not "me" (migration 1795600200), whose condition this
// is, word for word, as SQLite uses a partial index only for a query that
// states its condition.
func SeenByFriendSQL(alias string) string {
	return alias + "." + collections.FieldVisibility + " IS NOT '" + collections.VisibilityMe + "'"
}

// LikerSeenBySQL is whether the user whose id is the SQL expression who
// may see the like of row alias, given that they see what it cheers: unless
// its liker is in a block with them (Liked restated). It reads who's block
// list once per statement, not once per like.
func LikerSeenBySQL(alias, who string) string {
	return "instr(coalesce((SELECT u." + collections.UsersFieldInBlockWith + " FROM users u WHERE u.id = " + who + "), ''), " +
		alias + "." + collections.FieldUser + ") = 0"
}

// BlockingSQL is whom {:user} blocks, and InBlockWithSQL everyone in a
// block with {:user}, either way: the users' hidden block lists
// (collections.UsersFieldBlocking, UsersFieldInBlockWith), from blocks;
// ids comma-separated in id order.
const (
	BlockingSQL = `coalesce((SELECT group_concat(blocked, ',' ORDER BY blocked) FROM blocks WHERE blocker = {:user}), '')`

	InBlockWithSQL = `coalesce((SELECT group_concat(other, ',' ORDER BY other) FROM (
		SELECT blocked AS other FROM blocks WHERE blocker = {:user}
		UNION SELECT blocker FROM blocks WHERE blocked = {:user})), '')`
)

// InBlockSQL is whether {:a} and {:b} are in a block, either way.
const InBlockSQL = `EXISTS (SELECT 1 FROM blocks WHERE (blocker = {:a} AND blocked = {:b}) OR (blocker = {:b} AND blocked = {:a}))`

// UnlessBlockingSQL is whether the user whose id is the SQL expression who
// may see the users row alias, in direct SQL: UnlessBlocking restated.
func UnlessBlockingSQL(alias, who string) string {
	return "instr(" + alias + "." + collections.UsersFieldBlocking + ", " + who + ") = 0"
}

// LikedAudience is the owner and the audience of the todo or diary a like
// is on ("" if it is gone).
func LikedAudience(db dbx.Builder, like *core.Record) (owner, audience string, err error) {
	for _, target := range collections.LikesTargets {
		id := like.GetString(target.Field)
		if id == "" {
			continue
		}
		err := db.
			Select(collections.FieldUser, collections.FieldAudience).
			From(target.Collection).
			Where(dbx.HashExp{collections.FieldId: id}).
			Limit(1).
			Row(&owner, &audience)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return "", "", fmt.Errorf("audience of liked %s %s: %w", target.Collection, id, err)
		}
		return owner, audience, nil
	}
	return "", "", nil
}
