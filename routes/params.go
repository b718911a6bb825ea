package routes

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/ozzo-validation/v4/is"

	"github.com/todomate/todomate/collections"
)

const (
	feedDefaultPerPage = 20
	// feedMaxPerPage is the SPEC's "perPage is at most 100". A larger value
	// is a field error rather than quietly clamped: a client that asks for
	// 500 and gets 100 would take the short page for the last one.
	feedMaxPerPage = 100
	// maxPage only keeps (page-1)*perPage far from overflowing.
	maxPage = math.MaxInt32
)

// queryParams reads a route's query parameters and collects a field error
// for each bad one, so that a request with several is told about all.
type queryParams struct {
	values url.Values
	errs   validation.Errors
}

func newQueryParams(values url.Values) *queryParams {
	return &queryParams{values: values, errs: validation.Errors{}}
}

// err is nil when every parameter read so far was good.
func (p *queryParams) err() error {
	if len(p.errs) == 0 {
		return nil
	}
	return p.errs
}

// day reads a YYYY-MM-DD day, today (UTC) when absent or empty.
func (p *queryParams) day(name string) string {
	raw := p.values.Get(name)
	if raw == "" {
		return time.Now().UTC().Format(collections.DayLayout)
	}
	if !collections.IsDay(raw) {
		p.errs[name] = collections.ErrInvalidDay
	}
	return raw
}

// month reads a YYYY-MM month, the current one (UTC) when absent or empty.
func (p *queryParams) month(name string) string {
	raw := p.values.Get(name)
	if raw == "" {
		return time.Now().UTC().Format(collections.MonthLayout)
	}
	if !collections.IsMonth(raw) {
		p.errs[name] = collections.ErrInvalidMonth
	}
	return raw
}

// intIn reads a decimal integer in [min, max], def when absent or empty.
func (p *queryParams) intIn(name string, def, min, max int) int {
	raw := p.values.Get(name)
	if raw == "" {
		return def
	}

	n, err := strconv.Atoi(raw)
	if err != nil {
		p.errs[name] = is.ErrInt
		return def
	}
	// (ozzo's Min and Max let a zero through as "empty")
	switch {
	case n < min:
		p.errs[name] = validation.ErrMinGreaterEqualThanRequired.SetParams(map[string]any{"threshold": min})
		return def
	case n > max:
		p.errs[name] = validation.ErrMaxLessEqualThanRequired.SetParams(map[string]any{"threshold": max})
		return def
	}

	return n
}

// jsonFieldsParam is PocketBase's query parameter that cuts a JSON answer
// down to some of its fields.
const jsonFieldsParam = "fields"

// noCache reports whether the request asks for an answer from the source,
// not from a cache ("Cache-Control: no-cache", as a browser's hard reload).
func noCache(r *http.Request) bool {
	for _, directive := range strings.Split(r.Header.Get("Cache-Control"), ",") {
		if strings.EqualFold(strings.TrimSpace(directive), "no-cache") {
			return true
		}
	}
	return false
}
