package collections

import (
	"unicode"

	"github.com/rivo/uniseg"
)

// extendedPictographic is Unicode's Extended_Pictographic property (emoji-data,
// Unicode 17): the code points that can start an emoji grapheme cluster.
// Go's unicode package does not carry emoji properties.
var extendedPictographic = &unicode.RangeTable{
	R16: []unicode.Range16{
		{0x00a9, 0x00a9, 1},
		{0x00ae, 0x00ae, 1},
		{0x203c, 0x203c, 1},
		{0x2049, 0x2049, 1},
		{0x2122, 0x2122, 1},
		{0x2139, 0x2139, 1},
		{0x2194, 0x2199, 1},
		{0x21a9, 0x21aa, 1},
		{0x231a, 0x231b, 1},
		{0x2328, 0x2328, 1},
		{0x23cf, 0x23cf, 1},
		{0x23e9, 0x23f3, 1},
		{0x23f8, 0x23fa, 1},
		{0x24c2, 0x24c2, 1},
		{0x25aa, 0x25ab, 1},
		{0x25b6, 0x25b6, 1},
		{0x25c0, 0x25c0, 1},
		{0x25fb, 0x25fe, 1},
		{0x2600, 0x2604, 1},
		{0x260e, 0x260e, 1},
		{0x2611, 0x2611, 1},
		{0x2614, 0x2615, 1},
		{0x2618, 0x2618, 1},
		{0x261d, 0x261d, 1},
		{0x2620, 0x2620, 1},
		{0x2622, 0x2623, 1},
		{0x2626, 0x2626, 1},
		{0x262a, 0x262a, 1},
		{0x262e, 0x262f, 1},
		{0x2638, 0x263a, 1},
		{0x2640, 0x2640, 1},
		{0x2642, 0x2642, 1},
		{0x2648, 0x2653, 1},
		{0x265f, 0x2660, 1},
		{0x2663, 0x2663, 1},
		{0x2665, 0x2666, 1},
		{0x2668, 0x2668, 1},
		{0x267b, 0x267b, 1},
		{0x267e, 0x267f, 1},
		{0x2692, 0x2697, 1},
		{0x2699, 0x2699, 1},
		{0x269b, 0x269c, 1},
		{0x26a0, 0x26a1, 1},
		{0x26a7, 0x26a7, 1},
		{0x26aa, 0x26ab, 1},
		{0x26b0, 0x26b1, 1},
		{0x26bd, 0x26be, 1},
		{0x26c4, 0x26c5, 1},
		{0x26c8, 0x26c8, 1},
		{0x26ce, 0x26cf, 1},
		{0x26d1, 0x26d1, 1},
		{0x26d3, 0x26d4, 1},
		{0x26e9, 0x26ea, 1},
		{0x26f0, 0x26f5, 1},
		{0x26f7, 0x26fa, 1},
		{0x26fd, 0x26fd, 1},
		{0x2702, 0x2702, 1},
		{0x2705, 0x2705, 1},
		{0x2708, 0x270d, 1},
		{0x270f, 0x270f, 1},
		{0x2712, 0x2712, 1},
		{0x2714, 0x2714, 1},
		{0x2716, 0x2716, 1},
		{0x271d, 0x271d, 1},
		{0x2721, 0x2721, 1},
		{0x2728, 0x2728, 1},
		{0x2733, 0x2734, 1},
		{0x2744, 0x2744, 1},
		{0x2747, 0x2747, 1},
		{0x274c, 0x274c, 1},
		{0x274e, 0x274e, 1},
		{0x2753, 0x2755, 1},
		{0x2757, 0x2757, 1},
		{0x2763, 0x2764, 1},
		{0x2795, 0x2797, 1},
		{0x27a1, 0x27a1, 1},
		{0x27b0, 0x27b0, 1},
		{0x27bf, 0x27bf, 1},
		{0x2934, 0x2935, 1},
		{0x2b05, 0x2b07, 1},
		{0x2b1b, 0x2b1c, 1},
		{0x2b50, 0x2b50, 1},
		{0x2b55, 0x2b55, 1},
		{0x3030, 0x3030, 1},
		{0x303d, 0x303d, 1},
		{0x3297, 0x3297, 1},
		{0x3299, 0x3299, 1},
	},
	R32: []unicode.Range32{
		{0x1f004, 0x1f004, 1},
		{0x1f02c, 0x1f02f, 1},
		{0x1f094, 0x1f09f, 1},
		{0x1f0af, 0x1f0b0, 1},
		{0x1f0c0, 0x1f0c0, 1},
		{0x1f0cf, 0x1f0d0, 1},
		{0x1f0f6, 0x1f0ff, 1},
		{0x1f170, 0x1f171, 1},
		{0x1f17e, 0x1f17f, 1},
		{0x1f18e, 0x1f18e, 1},
		{0x1f191, 0x1f19a, 1},
		{0x1f1ae, 0x1f1e5, 1},
		{0x1f201, 0x1f20f, 1},
		{0x1f21a, 0x1f21a, 1},
		{0x1f22f, 0x1f22f, 1},
		{0x1f232, 0x1f23a, 1},
		{0x1f23c, 0x1f23f, 1},
		{0x1f249, 0x1f25f, 1},
		{0x1f266, 0x1f321, 1},
		{0x1f324, 0x1f393, 1},
		{0x1f396, 0x1f397, 1},
		{0x1f399, 0x1f39b, 1},
		{0x1f39e, 0x1f3f0, 1},
		{0x1f3f3, 0x1f3f5, 1},
		{0x1f3f7, 0x1f3fa, 1},
		{0x1f400, 0x1f4fd, 1},
		{0x1f4ff, 0x1f53d, 1},
		{0x1f549, 0x1f54e, 1},
		{0x1f550, 0x1f567, 1},
		{0x1f56f, 0x1f570, 1},
		{0x1f573, 0x1f57a, 1},
		{0x1f587, 0x1f587, 1},
		{0x1f58a, 0x1f58d, 1},
		{0x1f590, 0x1f590, 1},
		{0x1f595, 0x1f596, 1},
		{0x1f5a4, 0x1f5a5, 1},
		{0x1f5a8, 0x1f5a8, 1},
		{0x1f5b1, 0x1f5b2, 1},
		{0x1f5bc, 0x1f5bc, 1},
		{0x1f5c2, 0x1f5c4, 1},
		{0x1f5d1, 0x1f5d3, 1},
		{0x1f5dc, 0x1f5de, 1},
		{0x1f5e1, 0x1f5e1, 1},
		{0x1f5e3, 0x1f5e3, 1},
		{0x1f5e8, 0x1f5e8, 1},
		{0x1f5ef, 0x1f5ef, 1},
		{0x1f5f3, 0x1f5f3, 1},
		{0x1f5fa, 0x1f64f, 1},
		{0x1f680, 0x1f6c5, 1},
		{0x1f6cb, 0x1f6d2, 1},
		{0x1f6d5, 0x1f6e5, 1},
		{0x1f6e9, 0x1f6e9, 1},
		{0x1f6eb, 0x1f6f0, 1},
		{0x1f6f3, 0x1f6ff, 1},
		{0x1f7da, 0x1f7ff, 1},
		{0x1f80c, 0x1f80f, 1},
		{0x1f848, 0x1f84f, 1},
		{0x1f85a, 0x1f85f, 1},
		{0x1f888, 0x1f88f, 1},
		{0x1f8ae, 0x1f8af, 1},
		{0x1f8bc, 0x1f8bf, 1},
		{0x1f8c2, 0x1f8cf, 1},
		{0x1f8d9, 0x1f8ff, 1},
		{0x1f90c, 0x1f93a, 1},
		{0x1f93c, 0x1f945, 1},
		{0x1f947, 0x1f9ff, 1},
		{0x1fa58, 0x1fa5f, 1},
		{0x1fa6e, 0x1faff, 1},
		{0x1fc00, 0x1fffd, 1},
	},
	LatinOffset: 2,
}

// emojiModifierBase is Unicode's Emoji_Modifier_Base property (emoji-data,
// Unicode 17, the version of the table above): the emoji that take a skin
// tone. A skin tone after anything else (🙂🏽) is not a modifier sequence, so
// it is not one emoji. Every code point here is also Extended_Pictographic.
var emojiModifierBase = &unicode.RangeTable{
	R16: []unicode.Range16{
		{0x261d, 0x261d, 1}, // ☝
		{0x26f9, 0x26f9, 1}, // ⛹
		{0x270a, 0x270d, 1}, // ✊..✍
	},
	R32: []unicode.Range32{
		{0x1f385, 0x1f385, 1}, // 🎅
		{0x1f3c2, 0x1f3c4, 1}, // 🏂..🏄
		{0x1f3c7, 0x1f3c7, 1}, // 🏇
		{0x1f3ca, 0x1f3cc, 1}, // 🏊..🏌
		{0x1f442, 0x1f443, 1}, // 👂..👃
		{0x1f446, 0x1f450, 1}, // 👆..👐
		{0x1f466, 0x1f478, 1}, // 👦..👸
		{0x1f47c, 0x1f47c, 1}, // 👼
		{0x1f481, 0x1f483, 1}, // 💁..💃
		{0x1f485, 0x1f487, 1}, // 💅..💇
		{0x1f48f, 0x1f48f, 1}, // 💏
		{0x1f491, 0x1f491, 1}, // 💑
		{0x1f4aa, 0x1f4aa, 1}, // 💪
		{0x1f574, 0x1f575, 1}, // 🕴..🕵
		{0x1f57a, 0x1f57a, 1}, // 🕺
		{0x1f590, 0x1f590, 1}, // 🖐
		{0x1f595, 0x1f596, 1}, // 🖕..🖖
		{0x1f645, 0x1f647, 1}, // 🙅..🙇
		{0x1f64b, 0x1f64f, 1}, // 🙋..🙏
		{0x1f6a3, 0x1f6a3, 1}, // 🚣
		{0x1f6b4, 0x1f6b6, 1}, // 🚴..🚶
		{0x1f6c0, 0x1f6c0, 1}, // 🛀
		{0x1f6cc, 0x1f6cc, 1}, // 🛌
		{0x1f90c, 0x1f90c, 1}, // 🤌
		{0x1f90f, 0x1f90f, 1}, // 🤏
		{0x1f918, 0x1f91f, 1}, // 🤘..🤟
		{0x1f926, 0x1f926, 1}, // 🤦
		{0x1f930, 0x1f939, 1}, // 🤰..🤹
		{0x1f93c, 0x1f93e, 1}, // 🤼..🤾
		{0x1f977, 0x1f977, 1}, // 🥷
		{0x1f9b5, 0x1f9b6, 1}, // 🦵..🦶
		{0x1f9b8, 0x1f9b9, 1}, // 🦸..🦹
		{0x1f9bb, 0x1f9bb, 1}, // 🦻
		{0x1f9cd, 0x1f9cf, 1}, // 🧍..🧏
		{0x1f9d1, 0x1f9dd, 1}, // 🧑..🧝
		{0x1fac3, 0x1fac5, 1}, // 🫃..🫅
		{0x1faf0, 0x1faf8, 1}, // 🫰..🫸
	},
}

// The code points that glue emoji sequences together (UTS #51, section 1.4).
const (
	zeroWidthJoiner      = '\u200D'     // joins the elements of a ZWJ sequence
	emojiPresentation    = '\uFE0F'     // VS16: "show the character before as emoji"
	combiningKeycap      = '\u20E3'     // encloses a keycap base: 1⃣
	cancelTag            = '\U000E007F' // ends a tag sequence
	blackFlag            = '\U0001F3F4' // 🏴, the one valid tag base
	maxSingleEmojiLength = 64           // bytes; the longest RGI emoji, 👩🏻‍❤️‍💋‍👨🏼, is 35
)

// IsSingleEmoji reports whether s is exactly one well-formed emoji in the
// sense of UTS #51 (Unicode Emoji), section 1.4: one emoji character, a
// presentation, modifier, keycap, flag, tag or ZWJ sequence, and nothing
// else — no text around it, no second emoji, no stray joiner, combining mark
// or variation selector. See emojiParser for the grammar.
//
// Well-formed is not the same as recommended (RGI): 🙂‍👍 is a well-formed
// ZWJ sequence that platforms draw as two pictures. Checking against the
// RGI lists would mean carrying thousands of sequences and rejecting emoji a
// newer phone sends; the grammar is what keeps junk out.
func IsSingleEmoji(s string) bool {
	if s == "" || len(s) > maxSingleEmojiLength {
		return false
	}

	p := emojiParser{runes: []rune(s)} // invalid UTF-8 turns into U+FFFD, no emoji
	if !p.singleEmoji() {
		return false
	}

	// Belt and braces: everything the grammar accepts is one grapheme cluster
	// (UAX #29 keeps modifiers, VS16, keycaps, tags, flags and ZWJ sequences
	// together), so this never fails today; it would catch a grammar change
	// that let two user-perceived characters through.
	_, rest, _, _ := uniseg.FirstGraphemeClusterInString(s, -1)
	return rest == ""
}

// emojiParser is a recursive-descent parser for the emoji sequences of
// UTS #51 (section 1.4), one method per production:
//
//	single_emoji      := flag | keycap | tag_sequence | zwj_sequence   (then the end)
//	flag              := RI RI                              (RI: 1F1E6..1F1FF)
//	keycap            := [0-9#*] FE0F? 20E3
//	tag_sequence      := 1F3F4 [E0020-E007E]+ E007F
//	zwj_sequence      := zwj_element (200D zwj_element)*
//	zwj_element       := modifier_sequence | presentation_seq | emoji_character
//	modifier_sequence := Emoji_Modifier_Base [1F3FB-1F3FF]
//	presentation_seq  := emoji_character FE0F
//	emoji_character   := Extended_Pictographic
//
// A zwj_sequence of one element is a plain emoji (🙂, ❤️, 👍🏽), so that one
// production covers them all. The alternatives of single_emoji start with
// disjoint code points except tag_sequence and zwj_sequence (🏴 is an emoji
// character too), so singleEmoji simply tries each from the start and takes
// the one that consumes the whole string.
//
// Decisions where UTS #51 leaves room:
//   - FE0E (text presentation, ❤︎) is rejected: it asks for a character to
//     be shown as text, not as an emoji, and no emoji keyboard sends it.
//     A bare character without any selector (❤) is accepted: UTS #51
//     counts it as an emoji character, and older clients send it so.
//   - FE0F appears at most once per element, right after the emoji
//     character, and never together with a skin tone: UTS #51's modifier
//     sequence is base + modifier, with no selector in between or after.
//   - A skin tone only follows an Emoji_Modifier_Base (👍🏽, not 🙂🏽).
//   - Tag sequences: UTS #51's valid tag sequences have only 🏴 as the base
//     (the England, Scotland and Wales flags), so that is the only base
//     accepted; the tag characters are the well-formed range E0020..E007E
//     rather than the list of valid subdivisions.
//   - ZWJ elements are the emoji characters, presentation and modifier
//     sequences every RGI ZWJ sequence is made of; flags, keycaps and tag
//     sequences are not accepted inside one. Hair components (🦰 U+1F9B0..
//     U+1F9B3) are Extended_Pictographic, so 👨‍🦰 is two ordinary elements;
//     on its own 🦰 is accepted as an emoji character as well (platforms draw
//     it as a swatch), unlike a lone skin tone, which is no emoji character.
type emojiParser struct {
	runes []rune
	pos   int
}

// singleEmoji: the whole input is one of the alternatives.
func (p *emojiParser) singleEmoji() bool {
	for _, alternative := range []func() bool{p.flag, p.keycap, p.tagSequence, p.zwjSequence} {
		p.pos = 0
		if alternative() && p.pos == len(p.runes) {
			return true
		}
	}
	return false
}

// flag: exactly two regional indicators (🇰🇷). A third one would start
// another flag, which the end-of-input check in singleEmoji rejects.
func (p *emojiParser) flag() bool {
	return p.next(isRegionalIndicator) && p.next(isRegionalIndicator)
}

// keycap: a digit, # or * with an optional VS16 and the enclosing keycap
// (1️⃣). The base alone is plain text, not an emoji.
func (p *emojiParser) keycap() bool {
	if !p.next(isKeycapBase) {
		return false
	}
	p.nextRune(emojiPresentation)
	return p.nextRune(combiningKeycap)
}

// tagSequence: 🏴, at least one tag character and the cancel tag that ends
// the sequence (🏴󠁧󠁢󠁥󠁮󠁧󠁿 is 🏴 g b e n g CANCEL). Unterminated tags are rejected.
func (p *emojiParser) tagSequence() bool {
	if !p.nextRune(blackFlag) {
		return false
	}
	tags := 0
	for p.next(isTagSpec) {
		tags++
	}
	return tags > 0 && p.nextRune(cancelTag)
}

// zwjSequence: elements joined by single ZWJs. Every ZWJ must be followed by
// an element, so a leading, trailing or doubled ZWJ fails.
func (p *emojiParser) zwjSequence() bool {
	if !p.zwjElement() {
		return false
	}
	for p.nextRune(zeroWidthJoiner) {
		if !p.zwjElement() {
			return false
		}
	}
	return true
}

// zwjElement: an emoji character followed by either one skin tone (if it
// takes one) or at most one VS16 — never both, never more than one.
func (p *emojiParser) zwjElement() bool {
	base, ok := p.emojiCharacter()
	if !ok {
		return false
	}
	if unicode.Is(emojiModifierBase, base) && p.next(isEmojiModifier) {
		return true // modifier_sequence
	}
	p.nextRune(emojiPresentation) // presentation_seq, or a bare emoji_character
	return true
}

// emojiCharacter: one Extended_Pictographic code point, returned so that
// zwjElement can tell whether it takes a skin tone. Digits, #, *, regional
// indicators and skin tones are emoji too in emoji-data.txt, but not
// Extended_Pictographic: they only make an emoji inside a keycap, a flag or
// a modifier sequence.
func (p *emojiParser) emojiCharacter() (rune, bool) {
	if p.pos < len(p.runes) && unicode.Is(extendedPictographic, p.runes[p.pos]) {
		p.pos++
		return p.runes[p.pos-1], true
	}
	return 0, false
}

// next consumes the next code point if it is one of class.
func (p *emojiParser) next(class func(rune) bool) bool {
	if p.pos < len(p.runes) && class(p.runes[p.pos]) {
		p.pos++
		return true
	}
	return false
}

// nextRune consumes the next code point if it is r.
func (p *emojiParser) nextRune(r rune) bool {
	return p.next(func(c rune) bool { return c == r })
}

func isRegionalIndicator(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

func isKeycapBase(r rune) bool { return r == '#' || r == '*' || (r >= '0' && r <= '9') }

// isEmojiModifier: the five skin tones, 🏻 to 🏿 (Emoji_Modifier).
func isEmojiModifier(r rune) bool { return r >= 0x1F3FB && r <= 0x1F3FF }

// isTagSpec: the tag characters that spell a tag sequence's value (tag
// space to tag tilde); U+E007F, the cancel tag, ends it and is not one.
func isTagSpec(r rune) bool { return r >= 0xE0020 && r <= 0xE007E }
