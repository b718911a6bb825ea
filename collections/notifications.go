package collections

// Notifications tell a user what others did to them: a cheer on their todo
// or diary, a new follower, a new friend. The server writes them, in the
// transaction of what made them; the recipient reads them, marks them read
// and deletes them.
const Notifications = "notifications"

const (
	// NotificationsFieldKind is one of the Notification* kinds.
	NotificationsFieldKind = "kind"
	// NotificationsFieldActor is who cheered, followed or befriended.
	NotificationsFieldActor = "actor"
	// NotificationsFieldRead is the one field the recipient may change.
	NotificationsFieldRead = "read"
	// (the recipient is FieldUser; a cheer's target LikesFieldTodo or
	// LikesFieldDiary and its FieldEmoji, named as on the like)
)

// The kinds of notification.
const (
	NotificationCheer  = "cheer"  // a like on the recipient's todo or diary
	NotificationFollow = "follow" // a follow of the recipient, not followed back
	NotificationFriend = "friend" // a follow back: the two are friends now
)

// NotificationKinds are the kinds, as the select field lists them.
var NotificationKinds = []string{NotificationCheer, NotificationFollow, NotificationFriend}
