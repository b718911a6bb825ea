package collections

import (
	"strings"
	"testing"
)

func TestIsSingleEmoji(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want bool
	}{
		{"plain", "🔥", true},
		{"from the BMP", "☕", true},
		{"with VS16", "❤️", true},
		{"text-default without VS16", "❤", true},
		{"skin tone", "👍🏽", true},
		{"ZWJ family", "👩‍👩‍👧", true},
		{"ZWJ profession with tone", "🧑🏽‍💻", true},
		{"flag", "🇰🇷", true},
		{"subdivision flag (tags)", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", true},
		{"keycap digit", "1️⃣", true},
		{"keycap hash", "#️⃣", true},
		{"keycap without VS16", "1⃣", true},
		{"copyright sign", "©️", true},

		{"empty", "", false},
		{"letters", "ab", false},
		{"one letter", "a", false},
		{"digit", "1", false},
		{"hash", "#", false},
		{"two emoji", "😀😀", false},
		{"emoji and a letter", "🔥a", false},
		{"emoji and a space", "🔥 ", false},
		{"space and emoji", " 🔥", false},
		{"two flags", "🇰🇷🇯🇵", false},
		{"lone regional indicator", "🇰", false},
		{"lone VS16", "\uFE0F", false},
		{"lone ZWJ", "\u200D", false},
		{"lone skin tone", "🏽", false}, // an emoji component, not an emoji on its own
		{"CJK", "漢", false},
		{"hangul", "한", false},
		{"combining mark on a letter", "é", false},
		{"very long ZWJ chain", strings.Repeat("👩‍", 20) + "👧", false},
	}

	for _, c := range cases {
		if got := IsSingleEmoji(c.in); got != c.want {
			t.Errorf("%s: IsSingleEmoji(%q) = %v, want %v", c.name, c.in, got, c.want)
		}
	}
}
