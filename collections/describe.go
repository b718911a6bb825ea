package collections

// Sight is who, besides superusers, may see a collection's records. The
// rule texts that say it, and the SQL and Go forms of a record's audience,
// are in package visibility; this is only which kind a collection is.
type Sight int

const (
	// SightServer: nobody through the API; the server reads them (friendships).
	SightServer Sight = iota
	// SightUnlessBlocking: any signed-in user the record (a user) does
	// not block.
	SightUnlessBlocking
	// SightFollowGraph: any signed-in user, unless either side of the
	// follow blocks them (the follow graph is public in the app).
	SightFollowGraph
	// SightAudience: the users in the record's audience (FieldAudience):
	// by its visibility level, the owner, the owner's friends or every
	// user, never one in a block with the owner.
	SightAudience
	// SightLiked: the liker, and whoever may see what the like cheers and
	// is in no block with the liker.
	SightLiked
	// SightBlocker: the blocker alone (blocks).
	SightBlocker
	// SightRecipient: the user the record is for alone (notifications,
	// routines, alarms).
	SightRecipient
)

// Description says what a collection is, once, for every part of todomate
// that treats collections by kind: the hooks that set authors and check
// input, the audiences, the realtime hub, the feed and the calendar.
type Description struct {
	Name string
	// Author is the relation set to the auth user on create and never
	// changed afterwards; "" when the records have none.
	Author string
	Sight  Sight
	// LevelVia, for an audience carrier, is the relation whose record's
	// visibility level the record takes (a todo takes its goal's, and is
	// "friends" without one); none when the record has a level of its own.
	LevelVia Relation
	// Realtime: its events are delivered by todomate's realtime hub, to the
	// record's audience, instead of PocketBase's check of every client.
	Realtime bool
	// Routes: the feed's and the calendar's direct SQL restate its rule.
	Routes bool
	// Strict: writes are checked for value types before PocketBase casts them.
	Strict bool
}

// Descriptions are todomate's collections, each described once; every list
// of collections of a kind is derived from them (a test fails when a
// collection the migrations create has none).
var Descriptions = []Description{
	{Name: Users, Sight: SightUnlessBlocking, Routes: true, Strict: true},
	{Name: Friendships, Sight: SightServer},
	{Name: Goals, Author: FieldUser, Sight: SightAudience, Realtime: true, Routes: true, Strict: true},
	{Name: Todos, Author: FieldUser, Sight: SightAudience, LevelVia: Relation{TodosFieldGoal, Goals}, Realtime: true, Routes: true, Strict: true},
	{Name: Diaries, Author: FieldUser, Sight: SightAudience, Realtime: true, Routes: true, Strict: true},
	{Name: Likes, Author: FieldUser, Sight: SightLiked, Realtime: true, Routes: true, Strict: true},
	{Name: Follows, Author: FollowsFieldFollower, Sight: SightFollowGraph, Realtime: true, Strict: true},
	{Name: Blocks, Author: BlocksFieldBlocker, Sight: SightBlocker, Strict: true},
	{Name: Notifications, Sight: SightRecipient, Realtime: true, Strict: true},
	{Name: Routines, Author: FieldUser, Sight: SightRecipient, Realtime: true, Strict: true},
	{Name: Alarms, Author: FieldUser, Sight: SightRecipient, Realtime: true, Strict: true},
}

// Describe is the description of the collection name.
func Describe(name string) (Description, bool) {
	for _, d := range Descriptions {
		if d.Name == name {
			return d, true
		}
	}
	return Description{}, false
}

// Named are the names of the described collections for which keep holds,
// in the order of Descriptions.
func Named(keep func(Description) bool) []string {
	var names []string
	for _, d := range Descriptions {
		if keep(d) {
			names = append(names, d.Name)
		}
	}
	return names
}

// AudienceCarriers are the collections whose records carry an audience.
var AudienceCarriers = Named(func(d Description) bool { return d.Sight == SightAudience })

// Leveled are the audience carriers with a visibility level of their own.
var Leveled = Named(func(d Description) bool { return d.Sight == SightAudience && d.LevelVia.Field == "" })

// Authored are the collections whose records have an author.
var Authored = Named(func(d Description) bool { return d.Author != "" })

// RealtimeHandled are the collections whose events todomate's hub delivers.
var RealtimeHandled = Named(func(d Description) bool { return d.Realtime })

// RoutesRead are the collections whose rules the routes' direct SQL restates.
var RoutesRead = Named(func(d Description) bool { return d.Routes })

// StrictInput are the collections whose writes are checked for value types.
var StrictInput = Named(func(d Description) bool { return d.Strict })

// Relation is a relation field and the collection it points to.
type Relation struct{ Field, Collection string }

// LikesTargets are the relation fields of which a like sets exactly one, in
// the order the likes rule names them.
var LikesTargets = []Relation{{LikesFieldTodo, Todos}, {LikesFieldDiary, Diaries}}

// LikeTargetField is the likes relation that points to collection, or "".
func LikeTargetField(collection string) string {
	for _, target := range LikesTargets {
		if target.Collection == collection {
			return target.Field
		}
	}
	return ""
}
