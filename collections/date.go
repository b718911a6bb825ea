package collections

import "time"

// DayLayout is how todomate writes a calendar day: text that sorts lexically.
const DayLayout = "2006-01-02"

// MonthLayout is how the calendar route names a month.
const MonthLayout = "2006-01"

// IsDay reports whether s is a real calendar day written as YYYY-MM-DD.
//
// time.Parse already rejects 2026-02-30; the round trip also rejects
// shapes it would accept but that would not sort lexically (none today, but
// the layout is the contract, not the parser's leniency).
func IsDay(s string) bool {
	t, err := time.Parse(DayLayout, s)
	return err == nil && t.Format(DayLayout) == s
}

// IsMonth reports whether s is a real month written as YYYY-MM.
func IsMonth(s string) bool {
	t, err := time.Parse(MonthLayout, s)
	return err == nil && t.Format(MonthLayout) == s
}
