package collections

import "regexp"

// Alarms holds the time of day a user wants to be reminded of one of their
// todos. It is a collection of its own, not a todos field, because
// whoever sees a todo could read and filter by every field of it: the
// alarm is its owner's alone.
const Alarms = "alarms"

const (
	AlarmsFieldTodo = "todo"
	AlarmsFieldTime = "time"
)

var timeOfDay = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// IsTimeOfDay reports whether s is a time of day written HH:MM, 00:00 to
// 23:59.
func IsTimeOfDay(s string) bool {
	return timeOfDay.MatchString(s)
}
