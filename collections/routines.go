package collections

import (
	"slices"
	"time"
)

// Routines is a todo that repeats on chosen weekdays between a start and an
// end day ("every Mon/Wed/Fri until March"). Each of its days is written
// out as a todo of its own (TodosFieldRoutine names the routine), so every
// door that shows todos (lists, the feed, the calendar, realtime, cheers)
// shows a routine's days with no code of its own, under the todo rules.
const Routines = "routines"

const (
	RoutinesFieldContents = "contents"
	RoutinesFieldGoal     = "goal"
	RoutinesFieldWeekdays = "weekdays"
	RoutinesFieldStart    = "start"
	RoutinesFieldEnd      = "end"
)

// Weekdays are the values of a routine's weekdays, Monday first.
var Weekdays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// WeekdayOf is the Weekdays value of t's weekday.
func WeekdayOf(t time.Time) string {
	return Weekdays[(int(t.Weekday())+6)%7]
}

// RoutineLastEnd is the last day a routine starting on start may end on:
// a year after it (a routine from 2026-03-01 ends by 2027-03-01; one
// from a 29 February by 1 March), which bounds the todos one request
// writes to 367.
func RoutineLastEnd(start string) (string, bool) {
	t, err := time.Parse(DayLayout, start)
	if err != nil {
		return "", false
	}
	return t.AddDate(1, 0, 0).Format(DayLayout), true
}

// RoutineDays are the days from first to last (inclusive, YYYY-MM-DD) that
// fall on one of weekdays, in order; none when either day is not one.
func RoutineDays(first, last string, weekdays []string) []string {
	from, err1 := time.Parse(DayLayout, first)
	to, err2 := time.Parse(DayLayout, last)
	if err1 != nil || err2 != nil {
		return nil
	}
	var days []string
	for t := from; !t.After(to); t = t.AddDate(0, 0, 1) {
		if slices.Contains(weekdays, WeekdayOf(t)) {
			days = append(days, t.Format(DayLayout))
		}
	}
	return days
}

// DayBefore is the day before day (YYYY-MM-DD).
func DayBefore(day string) string {
	t, err := time.Parse(DayLayout, day)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 0, -1).Format(DayLayout)
}
