package hooks_test

// Bad input, in each of the three encodings a client may use: a 4xx with a
// field error for the right field, never a 500, and nothing written.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	. "github.com/todomate/todomate/internal/fixture"
)

type encoding string

const (
	encJSON      encoding = "json"
	encMultipart encoding = "multipart"
	encForm      encoding = "urlencoded"
)

var encodings = []encoding{encJSON, encMultipart, encForm}

// encode writes fields as a request body. Forms carry text only: a list is
// the same field repeated, anything else is written as PocketBase's SDKs do.
func encode(t testing.TB, enc encoding, fields map[string]any) (io.Reader, string) {
	t.Helper()

	if enc == encJSON {
		raw, err := json.Marshal(fields)
		if err != nil {
			t.Fatal(err)
		}
		return bytes.NewReader(raw), "application/json"
	}

	values := url.Values{}
	for key, value := range fields {
		items, ok := value.([]any)
		if !ok {
			items = []any{value}
		}
		for _, item := range items {
			switch v := item.(type) {
			case string:
				values.Add(key, v)
			case float64:
				values.Add(key, strconv.FormatFloat(v, 'f', -1, 64))
			case int:
				values.Add(key, strconv.Itoa(v))
			case bool:
				values.Add(key, strconv.FormatBool(v))
			default:
				t.Fatalf("%s cannot carry %T", enc, v)
			}
		}
	}

	if enc == encForm {
		return strings.NewReader(values.Encode()), "application/x-www-form-urlencoded"
	}

	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for key, vs := range values {
		for _, v := range vs {
			if err := w.WriteField(key, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return &body, w.FormDataContentType()
}

// write is one create (id == "") or update of a record by a requester.
type write struct {
	name       string
	as         string
	collection string
	id         string
	fields     map[string]any

	// jsonOnly marks values a form cannot carry (objects, typed numbers)
	jsonOnly bool
}

func (w write) scenario(t *testing.T, enc encoding) tests.ApiScenario {
	body, contentType := encode(t, enc, w.fields)

	s := tests.ApiScenario{
		Name:           fmt.Sprintf("%s (%s)", w.name, enc),
		Method:         http.MethodPost,
		URL:            recordsURL(w.collection),
		Body:           body,
		Headers:        withContentType(asUser(t, w.as), contentType),
		TestAppFactory: community,
	}
	if w.id != "" {
		s.Method = http.MethodPatch
		s.URL = recordURL(w.collection, w.id)
	}
	return s
}

// with returns base with the given fields set on top.
func with(base map[string]any, fields map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range fields {
		out[k] = v
	}
	return out
}

var (
	newTodo  = map[string]any{"contents": "buy milk", "date": Day}
	newGoal  = map[string]any{"title": "reading"}
	newDiary = map[string]any{"date": "2026-11-01", "emoji": "🔥", "content": "a good day"}
	newLike  = map[string]any{"todo": TodoBobId} // alice may like her friend's todo
	newUser  = map[string]any{"username": "erin", "email": "erin@example.com", "password": "longenough", "passwordConfirm": "longenough"}
)

func TestBadInput(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }

	cases := []struct {
		write
		field, code string
		// formCode is the code where a form gives another answer than JSON
		formCode string
	}{
		// dates
		{write{name: "todo on Feb 30", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"date": "2026-02-30"})}, "date", "validation_invalid_day", ""},
		{write{name: "todo on 2026-2-3", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"date": "2026-2-3"})}, "date", "validation_invalid_format", ""},
		{write{name: "todo on 20261124", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"date": "20261124"})}, "date", "validation_invalid_format", ""},
		{write{name: "todo on a timestamp", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"date": "2026-11-24 10:00:00"})}, "date", "validation_invalid_format", ""},
		{write{name: "todo on no date", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"date": ""})}, "date", "validation_required", ""},
		{write{name: "todo on a number", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"date": 20261124}), jsonOnly: true}, "date", "validation_invalid_type", ""},
		{write{name: "diary on Feb 30", as: owner, collection: "diaries", fields: with(newDiary, map[string]any{"date": "2026-02-30"})}, "date", "validation_invalid_day", ""},
		{write{name: "diary on 2026-2-3", as: owner, collection: "diaries", fields: with(newDiary, map[string]any{"date": "2026-2-3"})}, "date", "validation_invalid_format", ""},
		{write{name: "second diary on a day", as: owner, collection: "diaries", fields: with(newDiary, map[string]any{"date": Day})}, "date", "validation_not_unique", ""},
		{write{name: "todo moved to Feb 30", as: owner, collection: "todos", id: TodoPlainId, fields: map[string]any{"date": "2026-02-30"}}, "date", "validation_invalid_day", ""},
		{write{name: "diary moved to no date", as: owner, collection: "diaries", id: DiaryPublicId, fields: map[string]any{"date": ""}}, "date", "validation_required", ""},

		// contents
		{write{name: "empty todo", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"contents": ""})}, "contents", "validation_required", ""},
		{write{name: "blank todo", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"contents": " \t\n "})}, "contents", "validation_required", ""},
		{write{name: "301 character todo", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"contents": long(301)})}, "contents", "validation_max_text_constraint", ""},
		{write{name: "todo emptied", as: owner, collection: "todos", id: TodoPlainId, fields: map[string]any{"contents": "   "}}, "contents", "validation_required", ""},
		{write{name: "object todo", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"contents": map[string]any{"a": 1}}), jsonOnly: true}, "contents", "validation_invalid_type", ""},
		{write{name: "list todo", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"contents": []any{"a", "b"}})}, "contents", "validation_invalid_type", ""},
		{write{name: "number todo", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"contents": 5}), jsonOnly: true}, "contents", "validation_invalid_type", ""},
		{write{name: "2001 character diary", as: owner, collection: "diaries", fields: with(newDiary, map[string]any{"content": long(2001)})}, "content", "validation_max_text_constraint", ""},
		{write{name: "51 character goal", as: owner, collection: "goals", fields: with(newGoal, map[string]any{"title": long(51)})}, "title", "validation_max_text_constraint", ""},
		{write{name: "untitled goal", as: owner, collection: "goals", fields: with(newGoal, map[string]any{"title": ""})}, "title", "validation_required", ""},

		// other types
		{write{name: "todo checked maybe", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"is_checked": "maybe"})}, "is_checked", "validation_invalid_type", ""},
		{write{name: "todo checked 2", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"is_checked": 2})}, "is_checked", "validation_invalid_type", ""},
		{write{name: "todo sorted 1.5", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"sort": 1.5})}, "sort", "validation_only_int_constraint", ""},
		{write{name: "todo sorted x", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"sort": "x"})}, "sort", "validation_invalid_type", ""},
		{write{name: "todo resorted x", as: owner, collection: "todos", id: TodoPlainId, fields: map[string]any{"sort": "x"}}, "sort", "validation_invalid_type", ""},
		{write{name: "todo under two goals", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"goal": []any{GoalWorkId, GoalSecretId}})}, "goal", "validation_invalid_type", ""},
		{write{name: "todo under an object goal", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"goal": map[string]any{"id": GoalWorkId}}), jsonOnly: true}, "goal", "validation_invalid_type", ""},
		{write{name: "todo under a missing goal", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"goal": "missing00000000"})}, "goal", "validation_missing_rel_records", ""},
		{write{name: "bob's todo under alice's goal", as: friend, collection: "todos", fields: with(newTodo, map[string]any{"goal": GoalWorkId})}, "goal", "validation_missing_rel_records", ""},
		{write{name: "bob moves his todo under alice's goal", as: friend, collection: "todos", id: TodoBobId, fields: map[string]any{"goal": GoalWorkId}}, "goal", "validation_missing_rel_records", ""},
		{write{name: "goal colored red", as: owner, collection: "goals", fields: with(newGoal, map[string]any{"color": "red"})}, "color", "validation_invalid_format", ""},
		{write{name: "goal colored #12345", as: owner, collection: "goals", fields: with(newGoal, map[string]any{"color": "#12345"})}, "color", "validation_invalid_format", ""},
		{write{name: "goal private maybe", as: owner, collection: "goals", fields: with(newGoal, map[string]any{"private": "maybe"})}, "private", "validation_invalid_type", ""},
		{write{name: "goal ended maybe", as: owner, collection: "goals", id: GoalWorkId, fields: map[string]any{"ended": "maybe"}}, "ended", "validation_invalid_type", ""},
		{write{name: "diary private maybe", as: owner, collection: "diaries", fields: with(newDiary, map[string]any{"private": "maybe"})}, "private", "validation_invalid_type", ""},

		// visibility levels, and their private alias
		{write{name: "goal visible to the public", as: owner, collection: "goals", fields: with(newGoal, map[string]any{"visibility": "public"})}, "visibility", "validation_invalid_value", ""},
		{write{name: "goal visible to two levels", as: owner, collection: "goals", fields: with(newGoal, map[string]any{"visibility": []any{"me", "everyone"}})}, "visibility", "validation_invalid_type", ""},
		{write{name: "diary level changed to public", as: owner, collection: "diaries", id: DiaryPublicId, fields: map[string]any{"visibility": "public"}}, "visibility", "validation_invalid_value", ""},
		{write{name: "goal private but for friends", as: owner, collection: "goals", fields: with(newGoal, map[string]any{"private": true, "visibility": "friends"})}, "private", "validation_visibility_conflict", ""},
		{write{name: "diary not private but for me", as: owner, collection: "diaries", fields: with(newDiary, map[string]any{"private": false, "visibility": "me"})}, "private", "validation_visibility_conflict", ""},
		{write{name: "goal made private for everyone", as: owner, collection: "goals", id: GoalWorkId, fields: map[string]any{"private": true, "visibility": "everyone"}}, "private", "validation_visibility_conflict", ""},

		// blocks
		{write{name: "a block of oneself", as: owner, collection: "blocks", fields: map[string]any{"blocked": AliceId}}, "blocked", "validation_blocked", ""},
		{write{name: "a block of nobody", as: owner, collection: "blocks", fields: map[string]any{"blocked": "missing00000000"}}, "blocked", "validation_missing_rel_records", ""},
		{write{name: "a block of two", as: owner, collection: "blocks", fields: map[string]any{"blocked": []any{BobId, DaveId}}}, "blocked", "validation_invalid_type", ""},
		{write{name: "a block by another", as: owner, collection: "blocks", fields: map[string]any{"blocker": BobId, "blocked": DaveId}}, "blocker", "validation_not_author", ""},

		// emoji
		{write{name: "diary without emoji", as: owner, collection: "diaries", fields: with(newDiary, map[string]any{"emoji": ""})}, "emoji", "validation_required", ""},
		{write{name: "diary emoji ab", as: owner, collection: "diaries", fields: with(newDiary, map[string]any{"emoji": "ab"})}, "emoji", "validation_invalid_emoji", ""},
		{write{name: "diary two emoji", as: owner, collection: "diaries", fields: with(newDiary, map[string]any{"emoji": "😀😀"})}, "emoji", "validation_invalid_emoji", ""},
		{write{name: "diary emoji a digit", as: owner, collection: "diaries", fields: with(newDiary, map[string]any{"emoji": "1"})}, "emoji", "validation_invalid_emoji", ""},
		{write{name: "diary emoji list", as: owner, collection: "diaries", fields: with(newDiary, map[string]any{"emoji": []any{"🔥", "🌱"}})}, "emoji", "validation_invalid_type", ""},
		{write{name: "diary emoji changed to ab", as: owner, collection: "diaries", id: DiaryPublicId, fields: map[string]any{"emoji": "ab"}}, "emoji", "validation_invalid_emoji", ""},
		{write{name: "like emoji ab", as: owner, collection: "likes", fields: with(newLike, map[string]any{"emoji": "ab"})}, "emoji", "validation_invalid_emoji", ""},
		{write{name: "like two emoji", as: owner, collection: "likes", fields: with(newLike, map[string]any{"emoji": "😀😀"})}, "emoji", "validation_invalid_emoji", ""},

		// like targets
		{write{name: "like of two todos", as: owner, collection: "likes", fields: map[string]any{"todo": []any{TodoBobId, TodoPlainId}}}, "todo", "validation_invalid_type", ""},
		{write{name: "like of a todo and a diary", as: owner, collection: "likes", fields: map[string]any{"todo": TodoBobId, "diary": DiaryBobId}}, "diary", "validation_one_like_target", ""},
		{write{name: "like of nothing", as: owner, collection: "likes", fields: map[string]any{"emoji": "🎉"}}, "todo", "validation_one_like_target", ""},

		// authors
		{write{name: "todo written as bob", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"user": BobId})}, "user", "validation_not_author", ""},
		{write{name: "goal written as bob", as: owner, collection: "goals", fields: with(newGoal, map[string]any{"user": BobId})}, "user", "validation_not_author", ""},
		{write{name: "diary written as bob", as: owner, collection: "diaries", fields: with(newDiary, map[string]any{"user": BobId})}, "user", "validation_not_author", ""},
		{write{name: "like written as bob", as: owner, collection: "likes", fields: with(newLike, map[string]any{"user": BobId})}, "user", "validation_not_author", ""},
		{write{name: "todo handed to bob", as: owner, collection: "todos", id: TodoPlainId, fields: map[string]any{"user": BobId}}, "user", "validation_immutable", ""},
		{write{name: "goal handed to bob", as: owner, collection: "goals", id: GoalWorkId, fields: map[string]any{"user": BobId}}, "user", "validation_immutable", ""},
		{write{name: "diary handed to bob", as: owner, collection: "diaries", id: DiaryPrivateId, fields: map[string]any{"user": BobId}}, "user", "validation_immutable", ""},

		// follows
		{write{name: "follow of oneself", as: stranger, collection: "follows", fields: map[string]any{"following": DaveId}}, "following", "validation_self_follow", ""},
		{write{name: "follow on carol's behalf", as: stranger, collection: "follows", fields: map[string]any{"follower": CarolId, "following": BobId}}, "follower", "validation_not_author", ""},
		{write{name: "follow of two users", as: stranger, collection: "follows", fields: map[string]any{"following": []any{AliceId, BobId}}}, "following", "validation_invalid_type", ""},
		{write{name: "follow of nobody", as: stranger, collection: "follows", fields: map[string]any{"following": ""}}, "following", "validation_required", ""},
		{write{name: "second follow", as: follower, collection: "follows", fields: map[string]any{"following": AliceId}}, "following", "validation_not_unique", ""},

		// users
		{write{name: "username Ab", as: anonymous, collection: "users", fields: with(newUser, map[string]any{"username": "Ab"})}, "username", "validation_min_text_constraint", ""},
		{write{name: "username Abc", as: anonymous, collection: "users", fields: with(newUser, map[string]any{"username": "Abc"})}, "username", "validation_invalid_format", ""},
		{write{name: "username a b", as: anonymous, collection: "users", fields: with(newUser, map[string]any{"username": "a b"})}, "username", "validation_invalid_format", ""},
		{write{name: "username of 31", as: anonymous, collection: "users", fields: with(newUser, map[string]any{"username": long(31)})}, "username", "validation_max_text_constraint", ""},
		{write{name: "username ALICE", as: anonymous, collection: "users", fields: with(newUser, map[string]any{"username": "ALICE"})}, "username", "validation_invalid_format", ""},
		{write{name: "username alice", as: anonymous, collection: "users", fields: with(newUser, map[string]any{"username": "alice"})}, "username", "validation_not_unique", ""},
		{write{name: "no username", as: anonymous, collection: "users", fields: with(newUser, map[string]any{"username": ""})}, "username", "validation_required", ""},
		{write{name: "password of 7", as: anonymous, collection: "users", fields: with(newUser, map[string]any{"password": "1234567", "passwordConfirm": "1234567"})}, "password", "validation_min_text_constraint", ""},
		{write{name: "alice renamed Bob", as: owner, collection: "users", id: AliceId, fields: map[string]any{"username": "Bob"}}, "username", "validation_invalid_format", ""},
		{write{name: "alice renamed bob", as: owner, collection: "users", id: AliceId, fields: map[string]any{"username": "bob"}}, "username", "validation_not_unique", ""},
		{write{name: "alice with a long name", as: owner, collection: "users", id: AliceId, fields: map[string]any{"name": long(51)}}, "name", "validation_max_text_constraint", ""},
		{write{name: "alice with a long bio", as: owner, collection: "users", id: AliceId, fields: map[string]any{"bio": long(151)}}, "bio", "validation_max_text_constraint", ""},
	}

	for _, c := range cases {
		for _, enc := range encodings {
			if c.jsonOnly && enc != encJSON {
				continue
			}
			code := c.code
			if c.formCode != "" && enc != encJSON {
				code = c.formCode
			}

			s := c.write.scenario(t, enc)
			s.ExpectedStatus = http.StatusBadRequest
			s.ExpectedContent = []string{`"data":{`, fieldError(c.field, code)}
			s.NotExpectedContent = []string{`"status":500`, `"collectionName"`}
			s.AfterTestFunc = expectNothingWritten
			s.Test(t)
		}
	}
}

// Values at the edge that must be accepted, in every encoding.
func TestGoodInput(t *testing.T) {
	padded300 := "  " + strings.Repeat("x", 300) + "  "

	cases := []struct {
		write
		field string
		want  any
	}{
		{write{name: "300 characters after trimming", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"contents": padded300})}, "contents", strings.Repeat("x", 300)},
		{write{name: "contents trimmed", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"contents": "  milk  "})}, "contents", "milk"},
		{write{name: "a leap day", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"date": "2028-02-29"})}, "date", "2028-02-29"},
		{write{name: "checked", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"is_checked": true})}, "is_checked", true},
		{write{name: "sorted 3", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"sort": 3})}, "sort", float64(3)},
		{write{name: "under her own goal", as: owner, collection: "todos", fields: with(newTodo, map[string]any{"goal": GoalSecretId})}, "goal", GoalSecretId},
		{write{name: "emoji with VS16", as: owner, collection: "diaries", fields: with(newDiary, map[string]any{"emoji": "❤️"})}, "emoji", "❤️"},
		{write{name: "ZWJ family emoji", as: owner, collection: "diaries", fields: with(newDiary, map[string]any{"emoji": "👩‍👩‍👧"})}, "emoji", "👩‍👩‍👧"},
		{write{name: "flag emoji", as: owner, collection: "diaries", fields: with(newDiary, map[string]any{"emoji": "🇰🇷"})}, "emoji", "🇰🇷"},
		{write{name: "keycap emoji", as: owner, collection: "diaries", fields: with(newDiary, map[string]any{"emoji": "1️⃣"})}, "emoji", "1️⃣"},
		{write{name: "skin tone emoji", as: owner, collection: "likes", fields: with(newLike, map[string]any{"emoji": "👍🏽"})}, "emoji", "👍🏽"},
		{write{name: "like without emoji, the default cheer", as: owner, collection: "likes", fields: newLike}, "emoji", "👏"},
		{write{name: "goal without color", as: owner, collection: "goals", fields: newGoal}, "color", "#4f7cff"},
		{write{name: "goal colored #A0b1C2", as: owner, collection: "goals", fields: with(newGoal, map[string]any{"color": "#A0b1C2"})}, "color", "#A0b1C2"},
		{write{name: "username of 30", as: anonymous, collection: "users", fields: with(newUser, map[string]any{"username": "a_b.c" + strings.Repeat("d", 25)})}, "username", "a_b.c" + strings.Repeat("d", 25)},
	}

	for _, c := range cases {
		for _, enc := range encodings {
			collection, field, want := c.collection, c.field, c.want
			s := c.write.scenario(t, enc)
			s.ExpectedStatus = http.StatusOK
			s.ExpectedContent = []string{`"collectionName":"` + collection + `"`}
			s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) {
				var created struct{ Id string }
				if err := json.NewDecoder(res.Body).Decode(&created); err != nil {
					t.Fatal(err)
				}
				expectField(t, app, collection, created.Id, field, want)
			}
			s.Test(t)
		}
	}
}

// Bodies that are not a JSON object at all.
func TestUnreadableBodies(t *testing.T) {
	bodies := []struct{ name, body, field, code string }{
		{"malformed JSON", `{"contents":`, "body", "validation_invalid_body"},
		{"a JSON array", `[{"contents":"x","date":"2026-11-24"}]`, "body", "validation_invalid_body"},
		{"a JSON string", `"x"`, "body", "validation_invalid_body"},
		{"trailing garbage", `{"contents":"x","date":"2026-11-24"} x`, "body", "validation_invalid_body"},
		// PocketBase's 32 MB, plus the 10 MB it allows for a todo's proof photo
		{"over PocketBase's body limit", `{"contents":"` + strings.Repeat("x", 43<<20) + `","date":"2026-11-24"}`, "body", "validation_body_too_large"},
	}

	for _, b := range bodies {
		for _, target := range []struct{ method, url string }{
			{http.MethodPost, recordsURL("todos")},
			{http.MethodPatch, recordURL("todos", TodoPlainId)},
		} {
			s := tests.ApiScenario{
				Name:               b.name + " " + target.method,
				Method:             target.method,
				URL:                target.url,
				Body:               strings.NewReader(b.body),
				Headers:            asUser(t, owner),
				ExpectedStatus:     http.StatusBadRequest,
				ExpectedContent:    []string{fieldError(b.field, b.code)},
				NotExpectedContent: []string{`"collectionName"`},
				TestAppFactory:     community,
				AfterTestFunc:      expectNothingWritten,
			}
			s.Test(t)
		}
	}
}
