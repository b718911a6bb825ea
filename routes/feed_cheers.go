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
// The SQL reads two columns (cheersSQL, mineSQL): the emoji of the visible
// likes as one comma-separated text, and the viewer's own; Tally makes the
// rest. One aggregate without a sort per row costs less than counting and
// grouping in SQL (a sorter per todo cost the feed half again its CPU).
type FeedCheers struct {
	Likes     int            `db:"-" json:"likes"`
	Liked     bool           `db:"-" json:"liked"`
	Reactions []FeedReaction `db:"-" json:"reactions"`
	Mine      *string        `db:"mine" json:"mine"`
	// Cheers is the cheersSQL column.
	Cheers string `db:"cheers" json:"-"`
}

// FeedReaction is how many of the likes chose one emoji.
type FeedReaction struct {
	Emoji string `json:"emoji"`
	Count int    `json:"count"`
}

// Tally fills Likes, Liked and Reactions from Cheers and Mine.
func (c *FeedCheers) Tally() {
	c.Liked = c.Mine != nil
	c.Reactions = []FeedReaction{}
	c.Likes = 0
	if c.Cheers == "" {
		return
	}
	counts := map[string]int{}
	for _, emoji := range strings.Split(c.Cheers, ",") {
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
// default cheer. (An emoji never holds a comma: collections.IsSingleEmoji.)
func cheerEmojiSQL(alias string) string {
	return "coalesce(nullif(" + alias + "." + collections.FieldEmoji + ", ''), '" + collections.DefaultCheer + "')"
}

// cheersSQL is the emoji of the likes of a todo or diary (field: the likes
// relation to it; id: the SQL expression of its id) that the user whose id
// is the SQL expression who may see, comma-separated, ” for none.
func cheersSQL(field, id, who string) string {
	return "(SELECT coalesce(group_concat(" + cheerEmojiSQL("l") + ", ','), '') FROM likes l WHERE l." + field + " = " + id +
		" AND " + visibility.LikerSeenBySQL("l", who) + ")"
}

// mineSQL is the emoji of who's own like of a todo or diary (as
// cheersSQL), or NULL.
func mineSQL(field, id, who string) string {
	return "(SELECT " + cheerEmojiSQL("l") + " FROM likes l WHERE l." + collections.FieldUser + " = " + who +
		" AND l." + field + " = " + id + " AND l." + field + " != '')"
}
