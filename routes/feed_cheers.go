package routes

import (
	"slices"
	"strings"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/visibility"
)

// FeedCheers are the cheers of a feed todo or diary as its JSON shows them:
// how many likes the viewer may see, whether one is theirs, those likes by
// emoji (most first, ties by emoji) and the viewer's own like's emoji.
//
// The SQL reads one column (cheersSQL): the emoji of the visible likes as
// one comma-separated text, the viewer's own marked; Tally makes the rest.
// One aggregate without a sort per row costs less than counting and
// grouping in SQL (a sorter per todo cost the feed half again its CPU), and
// marking the viewer's like in it less than looking it up again (a tenth
// of the feed's todos SQL).
type FeedCheers struct {
	Likes     int            `db:"-"`
	Liked     bool           `db:"-"`
	Reactions []FeedReaction `db:"-"`
	Mine      *string        `db:"-"`
	// Cheers is the cheersSQL column.
	Cheers string `db:"cheers"`
}

// FeedReaction is how many of the likes chose one emoji.
type FeedReaction struct {
	Emoji string
	Count int
}

// Tally fills Likes, Liked, Reactions and Mine from Cheers.
func (c *FeedCheers) Tally() {
	c.Likes, c.Liked, c.Reactions, c.Mine = 0, false, []FeedReaction{}, nil
	if c.Cheers == "" {
		return
	}
	counts := map[string]int{}
	for _, emoji := range strings.Split(c.Cheers, ",") {
		if own, ok := strings.CutPrefix(emoji, mineMark); ok {
			emoji, c.Mine, c.Liked = own, &own, true
		}
		if counts[emoji] == 0 {
			c.Reactions = append(c.Reactions, FeedReaction{Emoji: emoji})
		}
		counts[emoji]++
		c.Likes++
	}
	for i := range c.Reactions {
		c.Reactions[i].Count = counts[c.Reactions[i].Emoji]
	}
	slices.SortFunc(c.Reactions, func(a, b FeedReaction) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Emoji, b.Emoji)
	})
}

// cheerEmojiSQL is the emoji of the like row alias: its own, or the
// default cheer.
func cheerEmojiSQL(alias string) string {
	return "coalesce(nullif(" + alias + "." + collections.FieldEmoji + ", ''), '" + collections.DefaultCheer + "')"
}

// mineMark marks the emoji of the viewer's own like in cheersSQL. (An
// emoji never holds a comma nor "=": collections.IsSingleEmoji.)
const mineMark = "="

// cheersSQL is the emoji of the likes of a todo or diary (field: the likes
// relation to it; id: the SQL expression of its id) that the user whose id
// is the SQL expression who may see, comma-separated, "" for none; who's
// own like (always among those they may see) comes with mineMark before it.
func cheersSQL(field, id, who string) string {
	return "(SELECT coalesce(group_concat(iif(l." + collections.FieldUser + " = " + who + ", '" + mineMark + "', '') || " + cheerEmojiSQL("l") + ", ','), '')" +
		" FROM likes l WHERE l." + field + " = " + id + " AND " + visibility.LikerSeenBySQL("l", who) + ")"
}

// todoCheersSQL is cheersSQL of the todo row alias, without searching the
// likes of a todo that has none (collections.TodosColumnLikeCount): half
// the pages the feed's todos SQL touched. The path through the rules
// does not use the count, so that comparing the two checks it too.
func todoCheersSQL(alias, who string) string {
	return "(CASE WHEN " + alias + "." + collections.TodosColumnLikeCount + " = 0 THEN '' ELSE " +
		cheersSQL(collections.LikesFieldTodo, alias+"."+collections.FieldId, who) + " END)"
}
