package collections

// Goals is a named, coloured group of todos; a private goal hides its todos.
const Goals = "goals"

const (
	GoalsFieldTitle = "title"
	GoalsFieldColor = "color"
)

// GoalsDefaultColor is the color of a goal created without one.
const GoalsDefaultColor = "#4f7cff"
