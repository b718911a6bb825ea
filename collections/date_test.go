package collections

import "testing"

func TestIsDay(t *testing.T) {
	cases := []struct {
		in   string
		want bool
	}{
		{"2026-11-24", true},
		{"2028-02-29", true}, // leap year
		{"2000-02-29", true}, // divisible by 400
		{"0001-01-01", true},
		{"9999-12-31", true},
		{"2026-02-29", false}, // not a leap year
		{"1900-02-29", false}, // divisible by 100, not 400
		{"2026-02-30", false},
		{"2026-04-31", false},
		{"2026-13-01", false},
		{"2026-00-10", false},
		{"2026-01-00", false},
		{"2026-2-3", false},
		{"2026-02-3", false},
		{"20261124", false},
		{"2026/11/24", false},
		{"2026-11-24 ", false},
		{" 2026-11-24", false},
		{"2026-11-24T00:00:00Z", false},
		{"2026-11-24\n", false},
		{"+2026-11-24", false},
		{"26-11-24", false},
		{"", false},
	}

	for _, c := range cases {
		if got := IsDay(c.in); got != c.want {
			t.Errorf("IsDay(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestIsMonth(t *testing.T) {
	cases := []struct {
		in   string
		want bool
	}{
		{"2026-11", true},
		{"2026-01", true},
		{"2026-13", false},
		{"2026-00", false},
		{"2026-1", false},
		{"202611", false},
		{"2026-11-01", false},
		{"", false},
	}

	for _, c := range cases {
		if got := IsMonth(c.in); got != c.want {
			t.Errorf("IsMonth(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}
