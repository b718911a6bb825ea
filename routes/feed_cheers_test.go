package routes

import (
	"reflect"
	"testing"
)

func TestTallyCheers(t *testing.T) {
	mine := "🔥"
	for _, c := range []struct {
		cheers string
		mine   *string
		want   FeedCheers
	}{
		{"", nil, FeedCheers{Reactions: []FeedReaction{}}},
		{"👏", &mine, FeedCheers{Likes: 1, Liked: true, Reactions: []FeedReaction{{"👏", 1}}}},
		// most first, ties by emoji (🎉 U+1F389 before 🔥 U+1F525)
		{"🔥,👏,🎉,🔥,🎉,❤️", nil, FeedCheers{Likes: 6, Reactions: []FeedReaction{{"🎉", 2}, {"🔥", 2}, {"❤️", 1}, {"👏", 1}}}},
	} {
		got := FeedCheers{Cheers: c.cheers, Mine: c.mine}
		got.Tally()
		c.want.Cheers, c.want.Mine = c.cheers, c.mine
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %+v, want %+v", c.cheers, got, c.want)
		}
	}
}
