package hooks_test

// The visibility matrix: every kind of requester (owner, friend, one-way
// follower, stranger, anonymous) against every fixture record of a
// collection, through list, view, update and delete. Each scenario names
// what must be in the answer AND what must not, so loosening a rule fails it.

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/tests"
)

// audience describes one collection of the community fixture.
type audience struct {
	collection string

	// owners maps every fixture record to its owner's username.
	owners map[string]string

	// visible lists, for every requester, the records they may see.
	visible map[string][]string

	// update is a body that changes field to value.
	update       string
	updatedField string
	updatedValue any

	// updateForbidden is set where nobody but superusers updates (403).
	updateForbidden bool
}

func (a audience) ids() []string {
	ids := make([]string, 0, len(a.owners))
	for id := range a.owners {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func (a audience) sees(requester, id string) bool {
	return slices.Contains(a.visible[requester], id)
}

// listScenarios: each requester lists the collection and gets exactly the
// records they may see, counted in totalItems.
func (a audience) listScenarios(t *testing.T) []tests.ApiScenario {
	var scenarios []tests.ApiScenario
	for _, requester := range everyone {
		s := tests.ApiScenario{
			Name:            fmt.Sprintf("%s lists %s", who(requester), a.collection),
			Method:          http.MethodGet,
			URL:             recordsURL(a.collection) + "?perPage=100",
			Headers:         asUser(t, requester),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{fmt.Sprintf(`"totalItems":%d`, len(a.visible[requester]))},
			TestAppFactory:  community,
		}
		for _, id := range a.ids() {
			if a.sees(requester, id) {
				s.ExpectedContent = append(s.ExpectedContent, `"id":"`+id+`"`)
			} else {
				s.NotExpectedContent = append(s.NotExpectedContent, id)
			}
		}
		scenarios = append(scenarios, s)
	}
	return scenarios
}

// perRecord is a scenario for every requester and every record: method on
// the record's URL with body, completed by decide.
func (a audience) perRecord(t *testing.T, verb, method, body string, decide func(s *tests.ApiScenario, requester, id string)) []tests.ApiScenario {
	var scenarios []tests.ApiScenario
	for _, requester := range everyone {
		for _, id := range a.ids() {
			s := tests.ApiScenario{
				Name:           fmt.Sprintf("%s %s %s %s", who(requester), verb, a.collection, id),
				Method:         method,
				URL:            recordURL(a.collection, id),
				Headers:        asUser(t, requester),
				TestAppFactory: community,
			}
			if body != "" {
				s.Body = jsonBody(body)
			}
			decide(&s, requester, id)
			scenarios = append(scenarios, s)
		}
	}
	return scenarios
}

// notFound makes s expect the 404 of a record that does not exist, naming
// nothing of record id, and no write.
func notFound(s *tests.ApiScenario, id string, nothingWritten bool) {
	s.ExpectedStatus = http.StatusNotFound
	s.ExpectedContent = []string{`"status":404`}
	s.NotExpectedContent = []string{id}
	if nothingWritten {
		s.AfterTestFunc = expectNothingWritten
	}
}

// viewScenarios: a record one may not see is "not found", like a missing one.
func (a audience) viewScenarios(t *testing.T) []tests.ApiScenario {
	return a.perRecord(t, "views", http.MethodGet, "", func(s *tests.ApiScenario, requester, id string) {
		if !a.sees(requester, id) {
			notFound(s, id, false)
			return
		}
		s.ExpectedStatus = http.StatusOK
		s.ExpectedContent = []string{`"id":"` + id + `"`}
	})
}

// updateScenarios: only the owner updates, and a refused update leaves the
// whole database as it was.
func (a audience) updateScenarios(t *testing.T) []tests.ApiScenario {
	return a.perRecord(t, "updates", http.MethodPatch, a.update, func(s *tests.ApiScenario, requester, id string) {
		switch {
		case a.updateForbidden:
			s.ExpectedStatus = http.StatusForbidden
			s.ExpectedContent = []string{`"status":403`}
			s.AfterTestFunc = expectNothingWritten
		case a.owners[id] == requester:
			s.ExpectedStatus = http.StatusOK
			s.ExpectedContent = []string{`"id":"` + id + `"`}
			s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectField(t, app, a.collection, id, a.updatedField, a.updatedValue)
			}
		default:
			notFound(s, id, true)
		}
	})
}

// deleteScenarios: only the owner deletes; a refused delete removes nothing.
func (a audience) deleteScenarios(t *testing.T) []tests.ApiScenario {
	return a.perRecord(t, "deletes", http.MethodDelete, "", func(s *tests.ApiScenario, requester, id string) {
		if a.owners[id] != requester {
			notFound(s, id, true)
			return
		}
		s.ExpectedStatus = http.StatusNoContent
		s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			expectExists(t, app, a.collection, id, false)
		}
	})
}

func (a audience) test(t *testing.T) {
	t.Run("list", func(t *testing.T) {
		for _, s := range a.listScenarios(t) {
			s.Test(t)
		}
	})
	t.Run("view", func(t *testing.T) {
		for _, s := range a.viewScenarios(t) {
			s.Test(t)
		}
	})
	t.Run("update", func(t *testing.T) {
		for _, s := range a.updateScenarios(t) {
			s.Test(t)
		}
	})
	t.Run("delete", func(t *testing.T) {
		for _, s := range a.deleteScenarios(t) {
			s.Test(t)
		}
	})
}
