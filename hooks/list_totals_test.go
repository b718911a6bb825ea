package hooks_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/tests"
)

// A narrowed list counts its total apart (list_totals.go) only when the
// client asks for one: a client that skips it still gets -1, and a
// skipTotal PocketBase cannot read is still PocketBase's 400. (That the
// total is the rule's is TestListNarrowingChangesNoAnswer.)
func TestListTotalsAsTheClientAsks(t *testing.T) {
	unnarrowed := recordsURL("todos") + "?perPage=1"
	listed := map[string]int{"OnRecordsListRequest": 1, "OnRecordEnrich": 1}
	scenario := func(name, query string, status int, expected, notExpected []string, events map[string]int) tests.ApiScenario {
		return tests.ApiScenario{
			Name: name, Method: http.MethodGet, URL: unnarrowed + query, Headers: asUser(t, friend), TestAppFactory: community,
			ExpectedStatus: status, ExpectedContent: expected, NotExpectedContent: notExpected, ExpectedEvents: events,
		}
	}
	for _, s := range []tests.ApiScenario{
		scenario("no skipTotal: counted", "", 200, []string{`"perPage":1`, `"totalItems":`}, []string{`"totalItems":-1`, `"totalPages":-1`}, listed),
		scenario("skipTotal=false: counted", "&skipTotal=false", 200, []string{`"totalItems":`}, []string{`"totalItems":-1`}, listed),
		scenario("skipTotal=1: skipped", "&skipTotal=1", 200, []string{`"totalItems":-1`, `"totalPages":-1`}, nil, listed),
		scenario("skipTotal=maybe: PocketBase's 400", "&skipTotal=maybe", 400, []string{`"status":400`}, []string{`"items"`}, map[string]int{"*": 0}),
	} {
		s.Test(t)
	}
}
