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
	// FieldVisibility is who sees a goal (and its todos) or a diary: one
	// of the Visibility values.
	FieldVisibility = "visibility"
	// FieldPrivate is the alias of FieldVisibility kept for existing
	// clients: true exactly when the visibility is VisibilityMe.
	FieldPrivate = "private"
	FieldSort    = "sort"
	FieldEmoji   = "emoji"
	// FieldAudience is the hidden field of goals, todos and diaries that
	// the list and view rules read (package visibility says how): who may
	// see the record. Derived data that hooks keep in step with
	// visibility, friendships and blocks (hooks/audiences.go).
	FieldAudience = "audience"
)

// The visibility levels of goals and diaries (FieldVisibility).
const (
	VisibilityMe       = "me"
	VisibilityFriends  = "friends"
	VisibilityEveryone = "everyone"
)

// VisibilityLevels are the levels, narrowest first.
var VisibilityLevels = []string{VisibilityMe, VisibilityFriends, VisibilityEveryone}
