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
	var b strings.Builder
	b.WriteString("(")
	for _, id := range circle {
		b.WriteString(author + " = " + strconv.Quote(id) + " || ")
	}
	b.WriteString(collections.FieldVisibility + ` = "` + collections.VisibilityEveryone + `")`)
	return b.String()
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
