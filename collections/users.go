package collections

// Users is PocketBase's built-in auth collection, extended by todomate.
const Users = "users"

const (
	UsersFieldUsername = "username"
	UsersFieldName     = "name"
	UsersFieldAvatar   = "avatar"
	UsersFieldBio      = "bio"
)
