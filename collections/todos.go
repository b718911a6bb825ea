package collections

// Todos is one thing to do on one day.
const Todos = "todos"

const (
	TodosFieldContents  = "contents"
	TodosFieldIsChecked = "is_checked"
	TodosFieldGoal      = "goal"
	// TodosFieldRoutine is the routine a todo is a day of, set by the
	// server alone (cleared when the day is moved to another date)
	TodosFieldRoutine = "routine"
	// TodosFieldProof is one photo that the todo was done, protected like
	// a diary's photos: served with a file token to whoever sees the todo
	TodosFieldProof = "proof"
)

// TodosColumnLikeCount is a column of the todos table that is no
// collection field: how many likes rows name the todo, whoever the liker,
// kept by SQLite triggers on likes (migration 1795600180). It tells the
// feed's SQL which todos have no likes at all, so that it does not search
// the likes for them (most todos). Not a field on purpose: PocketBase
// writes every field of a record it saves, and would write back a count
// read before a like that came in meanwhile; and the records API neither
// shows, filters nor sorts by a column it does not know, since the count
// includes likes that some viewers may not see.
const TodosColumnLikeCount = "_like_count"
