package visibility

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

// A narrowing is a filter that every record of an audience carrier that a
// viewer may see passes: its author is in the viewer's circle (the viewer
// or a friend), or its level is "everyone". For a record the viewer may
// see, InAudience holds, so its audience is the viewer's id, the author's
// circle holding the viewer, or "*": the author is the viewer, the author
// is a friend (friendships are mutual), or the level is "everyone".
//
// It adds no sight: the list rule still decides each row. What it adds is
// a way in for SQLite: the author's and the level's indexes, so that a list
// reads the rows the viewer may see instead of every row the client's
// filter names (a day of everybody's todos).

// MaxNarrowedCircle is the largest circle a narrowing names one by one;
// PocketBase parses a filter of at most 3,500 characters and 200
// expressions.
const MaxNarrowedCircle = 100

// Narrowing is the narrowing filter of a carrier whose author field is
// author, for viewer whose circle (the viewer and their friends) is
// circle: one expression per id and one for the level. A circle too big to
// name (nil) gives the wider "the viewer's, or not 'me'", which the
// partial (date, ...) indexes of the records not "me" serve.
func Narrowing(author, viewer string, circle []string) string {
	if circle == nil {
		return "(" + author + " = " + strconv.Quote(viewer) + " || " +
			collections.FieldVisibility + ` != "` + collections.VisibilityMe + `")`
	}
	return "(" + circleFilter(author, circle) + " || " +
		collections.FieldVisibility + ` = "` + collections.VisibilityEveryone + `")`
}

// circleFilter is "author is in circle", one expression per id.
func circleFilter(author string, circle []string) string {
	var b strings.Builder
	for i, id := range circle {
		if i > 0 {
			b.WriteString(" || ")
		}
		b.WriteString(author + " = " + strconv.Quote(id))
	}
	return b.String()
}

// A NarrowingPart is a part of a narrowing: a filter, for PocketBase to
// build with the client's, and SQL it cannot write (a level stated as a
// literal, as SQLite uses a partial index only for a condition it can read
// without a bound value).
type NarrowingPart struct {
	Filter string // "" for none
	SQL    dbx.Expression
}

// NarrowingParts are the narrowing of the row alias split in two that no
// record is in both of: its "everyone" records (every one of which the
// narrowing holds), and the rest. A count of a narrowed list sums the
// parts: each reads one index, the first the partial (visibility, date,
// audience) index of the "everyone" records alone, where the narrowing's
// OR whole reads each record from the table to count it once.
func NarrowingParts(alias, author, viewer string, circle []string) [2]NarrowingPart {
	level := "[[" + alias + "." + collections.FieldVisibility + "]]"
	everyone := "'" + collections.VisibilityEveryone + "'"
	rest := Narrowing(author, viewer, circle)
	if circle != nil {
		rest = "(" + circleFilter(author, circle) + ")"
	}
	return [2]NarrowingPart{
		{SQL: dbx.NewExp(level + " = " + everyone)},
		{Filter: rest, SQL: dbx.NewExp(level + " IS NOT " + everyone)},
	}
}

// NarrowingCircle is viewer's circle, or nil when it has more than
// MaxNarrowedCircle members.
func NarrowingCircle(app core.App, viewer string) ([]string, error) {
	var friends []string
	err := app.DB().Select("friend").From(collections.Friendships).
		Where(dbx.HashExp{collections.FieldUser: viewer}).
		AndWhere(dbx.NewExp("friend != user")).
		Limit(MaxNarrowedCircle).Column(&friends)
	if err != nil {
		return nil, fmt.Errorf("circle of %s: %w", viewer, err)
	}
	if len(friends) >= MaxNarrowedCircle {
		return nil, nil
	}
	return append(friends, viewer), nil
}

// IsNarrowable reports whether lists of collection may be narrowed: it
// carries audiences, its levels are a field of its own, and its rule is the
// one the narrowing is a superset of.
func IsNarrowable(collection *core.Collection) bool {
	d, ok := collections.Describe(collection.Name)
	return ok && d.Sight == collections.SightAudience && d.Author != "" &&
		collection.Fields.GetByName(collections.FieldVisibility) != nil &&
		IsMigrated(collection)
}
