package collections_test

import (
	"slices"
	"testing"

	"github.com/todomate/todomate/collections"
)

func TestRoutineDays(t *testing.T) {
	cases := []struct {
		name, first, last string
		weekdays          []string
		want              []string
	}{
		// 2026-12-07 is a Monday
		{"mon, wed, fri of a week", "2026-12-07", "2026-12-13", []string{"mon", "wed", "fri"}, []string{"2026-12-07", "2026-12-09", "2026-12-11"}},
		{"sunday across a year's end", "2026-12-27", "2027-01-03", []string{"sun"}, []string{"2026-12-27", "2027-01-03"}},
		{"one day, not a chosen weekday", "2026-12-08", "2026-12-08", []string{"mon"}, nil},
		{"end before start", "2026-12-09", "2026-12-07", []string{"mon", "tue", "wed"}, nil},
		{"a 29 February", "2028-02-28", "2028-03-01", []string{"tue"}, []string{"2028-02-29"}},
		{"no weekday", "2026-12-07", "2026-12-13", nil, nil},
		{"not days", "2026-12", "x", []string{"mon"}, nil},
	}
	for _, c := range cases {
		if got := collections.RoutineDays(c.first, c.last, c.weekdays); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}

	if n := len(collections.RoutineDays("2026-03-01", "2027-03-01", collections.Weekdays)); n != 366 {
		t.Errorf("every day of the longest routine from 2026-03-01: %d days, want 366", n)
	}
}

func TestRoutineLastEnd(t *testing.T) {
	for start, want := range map[string]string{
		"2026-03-01": "2027-03-01",
		"2028-02-29": "2029-03-01",
		"2026-12-05": "2027-12-05",
	} {
		if got, ok := collections.RoutineLastEnd(start); !ok || got != want {
			t.Errorf("RoutineLastEnd(%s) = %s, %v; want %s", start, got, ok, want)
		}
	}
	if _, ok := collections.RoutineLastEnd("2026-02-30"); ok {
		t.Error("RoutineLastEnd of a day that does not exist")
	}
}
