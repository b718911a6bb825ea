package collections

// Friendships is derived from Follows and never written by clients: for every
// mutual follow of A and B it holds two rows, (user=A, friend=B) and
// (user=B, friend=A), and every user A has a self row (A, A). Hooks keep it in
// step with users and follows inside the same transaction. The custom
// routes and realtime read it with one lookup in its unique (user, friend)
// index; the API rules read the audiences derived from it (FieldAudience).
// Friends proper are the rows with friend != user.
const Friendships = "friendships"

const FriendshipsFieldFriend = "friend"
