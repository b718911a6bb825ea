package collections

// Likes is a cheer from a user on exactly one todo or one diary.
const Likes = "likes"

const (
	LikesFieldTodo  = "todo"
	LikesFieldDiary = "diary"
)

// LikesTargets are the relation fields of which a like sets exactly one,
// mapped to the collection each one points to.
var LikesTargets = map[string]string{
	LikesFieldTodo:  Todos,
	LikesFieldDiary: Diaries,
}
