package collections

// Users is PocketBase's built-in auth collection, extended by todomate.
const Users = "users"

const (
	UsersFieldUsername = "username"
	UsersFieldName     = "name"
	UsersFieldAvatar   = "avatar"
	UsersFieldBio      = "bio"

	// UsersFieldBlocking is the hidden field of the ids of the users this
	// user blocks, and UsersFieldInBlockWith of every user in a block with
	// this user, either way; comma-separated in id order. Derived from
	// blocks by hooks, in the transaction of the block, for the rules.
	UsersFieldBlocking    = "blocking"
	UsersFieldInBlockWith = "in_block_with"
)
