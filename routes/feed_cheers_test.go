package routes

import (
	"reflect"
	"testing"
)

func TestTallyCheers(t *testing.T) {
	mine := "🔥"
	for _, c := range []struct {
		cheers string
		want   FeedCheers
	}{
		{"", FeedCheers{Reactions: []FeedReaction{}}},
		{"=🔥", FeedCheers{Likes: 1, Liked: true, Mine: &mine, Reactions: []FeedReaction{{"🔥", 1}}}},
		// most first, ties by emoji (🎉 U+1F389 before 🔥 U+1F525);
		// the viewer's own counts with the others
		{"🔥,👏,🎉,=🔥,🎉,❤️", FeedCheers{Likes: 6, Liked: true, Mine: &mine, Reactions: []FeedReaction{{"🎉", 2}, {"🔥", 2}, {"❤️", 1}, {"👏", 1}}}},
		{"🔥,👏,🎉,🔥,🎉,❤️", FeedCheers{Likes: 6, Reactions: []FeedReaction{{"🎉", 2}, {"🔥", 2}, {"❤️", 1}, {"👏", 1}}}},
	} {
		got := FeedCheers{Cheers: c.cheers}
		got.Tally()
		c.want.Cheers = c.cheers
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %+v, want %+v", c.cheers, got, c.want)
		}
	}
}
