package routes

import (
	"encoding/json/jsontext"
	"strconv"
)

// The feed's JSON (SPEC "Feed") is written here, by hand: encoding/json's
// reflection over a feed's hundred-odd objects was a tenth of the feed's
// CPU. These methods are the only description of that shape; the types
// carry no json tags. Strings are quoted as PocketBase's e.JSON quotes
// them (jsontext, invalid UTF-8 replaced), and e.JSON, for an answer cut
// down by ?fields= or read through edited rules, writes the same bytes
// through MarshalJSON.

// feedBodySize is room for a typical page, so that the buffer grows once
// or not at all.
const feedBodySize = 16 << 10

func (r feedResponse) MarshalJSON() ([]byte, error) {
	return r.appendJSON(make([]byte, 0, feedBodySize)), nil
}

func (r feedResponse) appendJSON(b []byte) []byte {
	b = append(b, `{"date":`...)
	b = appendJSONString(b, r.Date)
	b = append(b, `,"page":`...)
	b = strconv.AppendInt(b, int64(r.Page), 10)
	b = append(b, `,"perPage":`...)
	b = strconv.AppendInt(b, int64(r.PerPage), 10)
	b = append(b, `,"items":[`...)
	for i, item := range r.Items {
		if i > 0 {
			b = append(b, ',')
		}
		b = item.appendJSON(b)
	}
	return append(b, "]}"...)
}

func (item *feedItem) appendJSON(b []byte) []byte {
	b = append(b, `{"user":`...)
	b = item.User.appendJSON(b)
	b = append(b, `,"todos":[`...)
	for i, todo := range item.Todos {
		if i > 0 {
			b = append(b, ',')
		}
		b = todo.appendJSON(b)
	}
	b = append(b, `],"diary":`...)
	if item.Diary == nil {
		b = append(b, "null"...)
	} else {
		b = item.Diary.appendJSON(b)
	}
	return append(b, '}')
}

// MarshalJSON is publicUser's JSON for the friends route as for the feed.
func (u publicUser) MarshalJSON() ([]byte, error) {
	return u.appendJSON(nil), nil
}

func (u publicUser) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, u.Id)
	b = append(b, `,"username":`...)
	b = appendJSONString(b, u.Username)
	b = append(b, `,"name":`...)
	b = appendJSONString(b, u.Name)
	b = append(b, `,"avatar":`...)
	b = appendJSONString(b, u.Avatar)
	return append(b, '}')
}

func (todo *feedTodo) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, todo.Id)
	b = append(b, `,"contents":`...)
	b = appendJSONString(b, todo.Contents)
	b = append(b, `,"is_checked":`...)
	b = strconv.AppendBool(b, todo.IsChecked)
	b = append(b, `,"goal":`...)
	if todo.Goal == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, `{"id":`...)
		b = appendJSONString(b, todo.Goal.Id)
		b = append(b, `,"title":`...)
		b = appendJSONString(b, todo.Goal.Title)
		b = append(b, `,"color":`...)
		b = appendJSONString(b, todo.Goal.Color)
		b = append(b, '}')
	}
	b = append(b, `,"proof":`...)
	b = appendJSONString(b, todo.Proof)
	b = todo.FeedCheers.appendJSONFields(b)
	return append(b, '}')
}

func (diary *feedDiary) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, diary.Id)
	b = append(b, `,"emoji":`...)
	b = appendJSONString(b, diary.Emoji)
	b = append(b, `,"content":`...)
	b = appendJSONString(b, diary.Content)
	b = append(b, `,"photos":[`...)
	for i, photo := range diary.Photos {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, photo)
	}
	b = append(b, ']')
	b = diary.FeedCheers.appendJSONFields(b)
	return append(b, '}')
}

// appendJSONFields appends the cheers' fields to an object being written
// (after at least one field of its own).
func (c *FeedCheers) appendJSONFields(b []byte) []byte {
	b = append(b, `,"likes":`...)
	b = strconv.AppendInt(b, int64(c.Likes), 10)
	b = append(b, `,"liked":`...)
	b = strconv.AppendBool(b, c.Liked)
	b = append(b, `,"reactions":[`...)
	for i, reaction := range c.Reactions {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"emoji":`...)
		b = appendJSONString(b, reaction.Emoji)
		b = append(b, `,"count":`...)
		b = strconv.AppendInt(b, int64(reaction.Count), 10)
		b = append(b, '}')
	}
	b = append(b, `],"mine":`...)
	if c.Mine == nil {
		return append(b, "null"...)
	}
	return appendJSONString(b, *c.Mine)
}

// appendJSONString appends s quoted. (jsontext's error only says that
// invalid UTF-8 was replaced, which is what e.JSON does too.)
func appendJSONString(b []byte, s string) []byte {
	b, _ = jsontext.AppendQuote(b, s)
	return b
}
