package collections

// Friendships is derived from Follows and never written by clients: for every
// mutual follow of A and B it holds two rows, (user=A, friend=B) and
// (user=B, friend=A). Hooks keep it in step with follows inside the same
// transaction, so every "is the auth user a friend of the owner" check in the
// API rules is one lookup in its unique (user, friend) index instead of a
// join of follows with itself.
const Friendships = "friendships"

const FriendshipsFieldFriend = "friend"
