package collections

import (
	"strings"
	"testing"
	"unicode"
)

func TestIsSingleEmoji(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want bool
	}{
		// one emoji character, with or without VS16
		{"plain", "🔥", true},
		{"slightly smiling", "🙂", true},
		{"grinning", "😀", true},
		{"from the BMP", "☕", true},
		{"with VS16", "❤️", true},
		{"text-default without VS16", "❤", true},
		{"copyright sign", "©️", true},
		{"trade mark sign", "™️", true},
		{"hair component on its own", "🦰", true},
		{"black flag on its own", "🏴", true},

		// modifier sequences
		{"skin tone", "👍🏽", true},
		{"heart hands with skin tone", "🫶🏼", true},
		{"index up (BMP base) with skin tone", "☝🏿", true},

		// ZWJ sequences
		{"ZWJ family", "👩‍👩‍👧", true},
		{"ZWJ family of four", "👨‍👩‍👧‍👦", true},
		{"ZWJ profession", "👩‍💻", true},
		{"ZWJ profession with tone", "🧑🏽‍💻", true},
		{"astronaut with tone", "🧑🏽‍🚀", true},
		{"rainbow flag", "🏳️‍🌈", true},
		{"transgender flag", "🏳️‍⚧️", true},
		{"heart on fire", "❤️‍🔥", true},
		{"polar bear", "🐻‍❄️", true},
		{"hair component as ZWJ element", "👨‍🦰", true},
		{"kiss with two skin tones", "👩🏻‍❤️‍💋‍👨🏼", true},

		// flags and tag sequences
		{"flag", "🇰🇷", true},
		{"flag US", "🇺🇸", true},
		{"subdivision flag England", "🏴󠁧󠁢󠁥󠁮󠁧󠁿", true},
		{"subdivision flag Scotland", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", true},

		// keycaps
		{"keycap digit", "1️⃣", true},
		{"keycap hash", "#️⃣", true},
		{"keycap star", "*️⃣", true},
		{"keycap without VS16", "1⃣", true},

		// not an emoji at all
		{"empty", "", false},
		{"letters", "ab", false},
		{"one letter", "a", false},
		{"digit", "1", false},
		{"hash", "#", false},
		{"CJK", "漢", false},
		{"hangul", "한", false},
		{"combining mark on a letter", "é", false},
		{"invalid UTF-8", "\xf0\x9f\x99", false},
		{"lone VS16", "\uFE0F", false},
		{"lone ZWJ", "\u200D", false},
		{"lone keycap mark", "\u20E3", false},
		{"lone skin tone", "🏽", false}, // an emoji component, not an emoji on its own
		{"lone tag", "\U000E0067", false},

		// more than one emoji, or text around it
		{"two emoji", "😀😀", false},
		{"two smileys", "🙂🙂", false},
		{"emoji and a letter", "🔥a", false},
		{"emoji and a space", "🔥 ", false},
		{"smiley and a space", "🙂 ", false},
		{"space and emoji", " 🔥", false},
		{"two flags", "🇰🇷🇯🇵", false},
		{"flag and a half", "🇰🇷🇺", false},
		{"lone regional indicator", "🇰", false},

		// stray joiners
		{"trailing ZWJ", "🙂\u200d", false},
		{"trailing ZWJ after skin tone", "👍🏽\u200d", false},
		{"leading ZWJ", "\u200d🙂", false},
		{"double ZWJ", "🙂\u200d\u200d👍", false},
		{"ZWJ before a keycap", "🙂\u200d1️⃣", false},
		{"ZWJ before a flag", "🙂\u200d🇰🇷", false},

		// variation selectors
		{"three VS16", "🙂\ufe0f\ufe0f\ufe0f", false},
		{"two VS16", "❤\ufe0f\ufe0f", false},
		{"VS15 then VS16", "🙂\ufe0e\ufe0f", false},
		{"text presentation VS15", "❤\ufe0e", false},
		{"VS1", "🙂\ufe00", false},
		{"VS16 inside a ZWJ element twice", "🏳\ufe0f\ufe0f\u200d🌈", false},

		// combining marks
		{"combining acute", "🙂\u0301", false},
		{"combining acute after VS16", "❤️\u0301", false},

		// skin tones
		{"two skin tones", "🙂\U0001F3FB\U0001F3FB", false},
		{"two skin tones on a modifier base", "👍\U0001F3FB\U0001F3FB", false},
		{"skin tone on a non-base", "🙂🏽", false},
		{"VS16 then skin tone", "☝\ufe0f🏽", false},
		{"skin tone then VS16", "👍🏽\ufe0f", false},

		// keycaps
		{"keycap mark twice", "1\u20e3\u20e3", false},
		{"keycap with VS16 but no mark", "1\ufe0f", false},
		{"keycap on a letter", "a\u20e3", false},
		{"keycap with two VS16", "1\ufe0f\ufe0f\u20e3", false},

		// tag sequences
		{"unterminated tag", "🏴\U000E0067", false},
		{"cancel tag without tags", "🏴\U000E007F", false},
		{"tags on another base", "🙂\U000E0067\U000E0062\U000E007F", false},
		{"tags after the cancel tag", "🏴\U000E0067\U000E007F\U000E0067", false},

		{"very long ZWJ chain", strings.Repeat("👩‍", 20) + "👧", false},
	}

	for _, c := range cases {
		if got := IsSingleEmoji(c.in); got != c.want {
			t.Errorf("%s: IsSingleEmoji(%+q) = %v, want %v", c.name, c.in, got, c.want)
		}
	}
}

// The grammar relies on these facts about its tables: a modifier base is an
// emoji character, and the code points that only make an emoji inside a
// keycap, a flag or a modifier sequence are not emoji characters (else "1"
// or a lone skin tone would pass as one emoji).
func TestEmojiTables(t *testing.T) {
	for _, r32 := range emojiModifierBase.R32 {
		for r := rune(r32.Lo); r <= rune(r32.Hi); r++ {
			if !unicode.Is(extendedPictographic, r) {
				t.Errorf("modifier base %U is not Extended_Pictographic", r)
			}
		}
	}
	for _, r16 := range emojiModifierBase.R16 {
		for r := rune(r16.Lo); r <= rune(r16.Hi); r++ {
			if !unicode.Is(extendedPictographic, r) {
				t.Errorf("modifier base %U is not Extended_Pictographic", r)
			}
		}
	}

	for _, r := range []rune("0123456789#*\u200d\ufe0f\ufe0e\u20e3") {
		if unicode.Is(extendedPictographic, r) {
			t.Errorf("%U is Extended_Pictographic", r)
		}
	}
	for r := rune(0x1F1E6); r <= 0x1F1FF; r++ {
		if unicode.Is(extendedPictographic, r) {
			t.Errorf("regional indicator %U is Extended_Pictographic", r)
		}
	}
	for r := rune(0x1F3FB); r <= 0x1F3FF; r++ {
		if unicode.Is(extendedPictographic, r) {
			t.Errorf("skin tone %U is Extended_Pictographic", r)
		}
	}
	for r := rune(0xE0020); r <= 0xE007F; r++ {
		if unicode.Is(extendedPictographic, r) {
			t.Errorf("tag %U is Extended_Pictographic", r)
		}
	}
}
