package collections

// Todos is one thing to do on one day.
const Todos = "todos"

const (
	TodosFieldContents  = "contents"
	TodosFieldIsChecked = "is_checked"
	TodosFieldGoal      = "goal"
)
