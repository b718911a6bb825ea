package collections

// Likes is a cheer from a user on exactly one todo or one diary.
const Likes = "likes"

const (
	LikesFieldTodo  = "todo"
	LikesFieldDiary = "diary"
)

// DefaultCheer is the emoji of a like that names none.
const DefaultCheer = "👏"
