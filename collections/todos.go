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
