package collections

// Goals is a named, coloured group of todos; a private goal hides its todos.
const Goals = "goals"

const (
	GoalsFieldTitle = "title"
	GoalsFieldColor = "color"
	// GoalsFieldEnded marks a goal its owner is done with: it takes no new
	// todos, and keeps its past ones, their colour and their cheers
	GoalsFieldEnded = "ended"
)

// GoalsDefaultColor is the color of a goal created without one.
const GoalsDefaultColor = "#4f7cff"
