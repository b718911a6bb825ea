package routes

import (
	"encoding/json/jsontext"
	json "encoding/json/v2"
	"reflect"
	"testing"
)

// hostileStrings are what a user may write into any text field.
var hostileStrings = []string{"", `"quoted" \ back\slash`, "\x00\x01\x1f\t\n\r", "<script>&amp;</script>",
	"\u2028\u2029", "invalid \xff\xfe utf-8", "emoji 👏🏽 ❤️", "\u007f\u0080 \ufffd"}

func TestAppendJSONStringQuotesAsPocketBase(t *testing.T) {
	for _, s := range hostileStrings {
		// as PocketBase's e.JSON writes a string
		want, err := json.Marshal(s, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	}
}

func TestFeedJSONShape(t *testing.T) {
	for _, s := range hostileStrings {
		mine := s
		answer := feedResponse{Date: "2026-11-24", Page: 2, PerPage: 3, Items: []*feedItem{
			{
				User: publicUser{Id: s, Username: s, Name: s, Avatar: s},
				Todos: []*feedTodo{
					{Id: s, Contents: s, IsChecked: true, Goal: &feedGoal{Id: s, Title: s, Color: s}, Proof: s,
						FeedCheers: FeedCheers{Likes: 3, Liked: true, Mine: &mine, Reactions: []FeedReaction{{s, 2}, {"👏", 1}}}},
					{Id: "t2", FeedCheers: FeedCheers{Reactions: []FeedReaction{}}},
				},
				Diary: &feedDiary{Id: s, Emoji: s, Content: s, Photos: []string{s, "b.png"},
					FeedCheers: FeedCheers{Reactions: []FeedReaction{}}},
			},
			{User: publicUser{Id: "u2"}, Todos: []*feedTodo{}},
		}}
		body, err := answer.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if !jsontext.Value(body).IsValid(jsontext.AllowInvalidUTF8(true)) {
			t.Fatalf("%q: invalid JSON: %s", s, body)
		}

		var got any
		if err := json.Unmarshal(body, &got, jsontext.AllowInvalidUTF8(true)); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		// what a client reads back: the SPEC's fields, s as written (as
		// far as JSON can carry it)
		var text any
		if err := json.Unmarshal(appendJSONString(nil, s), &text, jsontext.AllowInvalidUTF8(true)); err != nil {
			t.Fatal(err)
		}
		cheers := func(likes float64, liked bool, mine any, reactions ...any) map[string]any {
			return map[string]any{"likes": likes, "liked": liked, "mine": mine, "reactions": append([]any{}, reactions...)}
		}
		with := func(fields, more map[string]any) map[string]any {
			for k, v := range more {
				fields[k] = v
			}
			return fields
		}
		want := map[string]any{"date": "2026-11-24", "page": 2.0, "perPage": 3.0, "items": []any{
			map[string]any{
				"user": map[string]any{"id": text, "username": text, "name": text, "avatar": text},
				"todos": []any{
					with(map[string]any{"id": text, "contents": text, "is_checked": true, "proof": text,
						"goal": map[string]any{"id": text, "title": text, "color": text}},
						cheers(3, true, text, map[string]any{"emoji": text, "count": 2.0}, map[string]any{"emoji": "👏", "count": 1.0})),
					with(map[string]any{"id": "t2", "contents": "", "is_checked": false, "proof": "", "goal": nil},
						cheers(0, false, nil)),
				},
				"diary": with(map[string]any{"id": text, "emoji": text, "content": text, "photos": []any{text, "b.png"}},
					cheers(0, false, nil)),
			},
			map[string]any{"user": map[string]any{"id": "u2", "username": "", "name": "", "avatar": ""}, "todos": []any{}, "diary": nil},
		}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\n got %v\nwant %v", s, got, want)
		}
	}
}
