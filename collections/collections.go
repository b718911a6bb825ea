// Package collections names todomate's collections and fields, and holds
// the small value rules (dates, emoji) that hooks and routes share.
//
// Migrations spell names out literally on purpose: an applied migration must
// keep doing what it did, even if a constant here is renamed later.
package collections

// Fields that every todomate collection has, and that several of them use
// for the same purpose.
const (
	FieldId      = "id"
	FieldCreated = "created"
	FieldUpdated = "updated"
	// FieldUser is the author/owner relation of goals, todos, diaries and likes.
	FieldUser = "user"
	// FieldDate is a calendar day, YYYY-MM-DD, on todos and diaries.
	FieldDate = "date"
	// FieldPrivate hides goals (and their todos) and diaries from friends.
	FieldPrivate = "private"
	FieldSort    = "sort"
	FieldEmoji   = "emoji"
	// FieldAudience is the hidden field of goals, todos and diaries that
	// the list and view rules read: the ids of the users who may see the
	// record, comma-separated in id order: the owner and the owner's
	// friends, or the owner alone when the record is private (or under a
	// private goal). Derived data that hooks keep in step with
	// friendships (hooks/audiences.go).
	FieldAudience = "audience"
)
