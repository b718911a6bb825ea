package hooks_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/internal/apitest"
	"github.com/todomate/todomate/internal/fixture"
)

// narrowedLists are lists a client may ask for that name no author: the
// server narrows them (hooks/list_narrowing.go).
var narrowedLists = []struct{ collection, filter string }{
	{"todos", ""},
	{"todos", "date='" + fixture.SubjectDay + "'"},
	{"todos", "contents != '' && is_checked = false"},
	{"diaries", "date='" + fixture.SubjectDay + "'"},
	{"diaries", ""},
	{"goals", ""},
	// filters that join other collections, held to their rules
	{"todos", "goal.title != ''"},
	{"todos", "goal.visibility = 'everyone' || date = '" + fixture.SubjectDay + "'"},
	{"diaries", "user.username != ''"},
	{"goals", "title != 'x' || visibility = 'friends'"},
}

// narrowingApplied reports whether one of queries is narrowed: it names
// the "everyone" level, which no list of these tests asks for (its total,
// counted apart, names it too).
func narrowingApplied(queries []string) bool {
	return slices.ContainsFunc(queries, isNarrowed)
}

func isNarrowed(query string) bool {
	for _, level := range []string{"= 'everyone'", "IS NOT 'everyone'"} {
		if strings.Contains(query, "visibility]] "+level) || strings.Contains(query, "visibility` "+level) {
			return true
		}
	}
	return false
}

// listTotal lists collection with filter as token, one record a page, and
// returns its totalItems and totalPages.
func listTotal(t *testing.T, handler http.Handler, token, collection, filter string) (int, int) {
	t.Helper()
	listURL := recordsURL(collection) + "?perPage=1&filter=" + url.QueryEscape(filter)
	var page struct {
		TotalItems int `json:"totalItems"`
		TotalPages int `json:"totalPages"`
	}
	if err := json.Unmarshal(apitest.GetAs(t, handler, token, listURL).Body.Bytes(), &page); err != nil {
		t.Fatalf("%s: %v", listURL, err)
	}
	return page.TotalItems, page.TotalPages
}

// listed lists collection with filter as token, and returns the ids of the
// page and the queries it took.
func listed(t *testing.T, app *tests.TestApp, handler http.Handler, token, collection, filter string) ([]string, []string) {
	t.Helper()
	listURL := recordsURL(collection) + "?perPage=500&filter=" + url.QueryEscape(filter)
	var body []byte
	queries := apitest.RecordQueries(app, func() { body = apitest.GetAs(t, handler, token, listURL).Body.Bytes() })

	var page struct {
		TotalItems int `json:"totalItems"`
		Items      []struct {
			Id string `json:"id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatalf("%s: %v", listURL, err)
	}
	ids := make([]string, 0, len(page.Items))
	for _, item := range page.Items {
		ids = append(ids, item.Id)
	}
	if page.TotalItems != len(ids) {
		t.Errorf("%s: totalItems %d, %d items", listURL, page.TotalItems, len(ids))
	}
	slices.Sort(ids)
	return ids, queries
}

// A list the server narrows answers exactly what the list rule alone
// answers, for every requester at every level of alice's records, blocks
// included: the narrowing only adds a way in.
func TestListNarrowingChangesNoAnswer(t *testing.T) {
	for _, level := range collections.VisibilityLevels {
		t.Run(level, func(t *testing.T) {
			app := fixture.NewLevelsApp(t, level)
			defer app.Cleanup()
			handler := apitest.Handler(t, app)

			for _, requester := range levelsRequesters {
				if requester == anonymous {
					continue
				}
				auth, err := app.FindAuthRecordByEmail(collections.Users, requester+"@example.com")
				if err != nil {
					t.Fatal(err)
				}
				token := fixture.Token(t, app, requester)

				for _, list := range narrowedLists {
					got, queries := listed(t, app, handler, token, list.collection, list.filter)
					if !narrowingApplied(queries) {
						t.Fatalf("%s lists %s %q unnarrowed:\n%s", requester, list.collection, list.filter, strings.Join(queries, "\n"))
					}

					collection, err := app.FindCollectionByNameOrId(list.collection)
					if err != nil {
						t.Fatal(err)
					}
					filter := list.filter
					if filter == "" {
						filter = "id != ''"
					}
					all, err := app.FindRecordsByFilter(collection, filter, "", 0, 0)
					if err != nil {
						t.Fatal(err)
					}
					want := []string{}
					info := &core.RequestInfo{Auth: auth, Method: http.MethodGet}
					for _, record := range all {
						if ok, err := app.CanAccessRecord(record, info, collection.ListRule); err != nil {
							t.Fatal(err)
						} else if ok {
							want = append(want, record.Id)
						}
					}
					slices.Sort(want)

					if !slices.Equal(got, want) {
						t.Errorf("%s lists %s %q: got %v, the rule alone gives %v", requester, list.collection, list.filter, got, want)
					}
					// the total, counted apart from the page (list_totals.go)
					if items, pages := listTotal(t, handler, token, list.collection, list.filter); items != len(want) || pages != len(want) {
						t.Errorf("%s lists %s %q one a page: %d items in %d pages, the rule alone gives %d", requester, list.collection, list.filter, items, pages, len(want))
					}
				}
			}
		})
	}
}

// A list that names one author is left as the client sent it (its
// author's index already reads only that author's rows), and so is one with
// a comment (which could not be wrapped in parentheses).
func TestListsLeftAsSent(t *testing.T) {
	app := fixture.NewLevelsApp(t, collections.VisibilityFriends)
	defer app.Cleanup()
	handler := apitest.Handler(t, app)
	token := fixture.Token(t, app, "bob")

	for _, filter := range []string{
		"user = '" + fixture.AliceId + "' && date = '" + fixture.SubjectDay + "'",
		"date = '" + fixture.SubjectDay + "' && (user = '" + fixture.BobId + "' && is_checked = false)",
		"user = '" + fixture.AliceId + "' // alice's, and the quote in here too",
	} {
		ids, queries := listed(t, app, handler, token, "todos", filter)
		if narrowingApplied(queries) {
			t.Errorf("%q narrowed:\n%s", filter, strings.Join(queries, "\n"))
		}
		if filter[0] == 'u' && len(ids) == 0 {
			t.Errorf("%q: bob sees none of his friend alice's todos of the day", filter)
		}
	}
}

// An unnarrowed day, narrowed by the server, reads the viewer's circle's
// and the "everyone" rows through indexes, not every row of the day
// (without ANALYZE statistics SQLite plans by the schema alone, as for a
// community: see TestRoutesQueriesAreFewIndexSearches).
func TestUnnarrowedListsReadByIndex(t *testing.T) {
	app := fixture.NewCircleApp(t)
	defer app.Cleanup()
	if _, err := app.DB().NewQuery("DROP TABLE IF EXISTS sqlite_stat1").Execute(); err != nil {
		t.Fatal(err)
	}
	handler := apitest.Handler(t, app)
	token := fixture.Token(t, app, "vic")

	for _, list := range narrowedLists {
		_, queries := listed(t, app, handler, token, list.collection, list.filter)
		if !narrowingApplied(queries) {
			t.Fatalf("%s %q unnarrowed:\n%s", list.collection, list.filter, strings.Join(queries, "\n"))
		}
		for _, query := range queries {
			if !isNarrowed(query) {
				continue // the auth record's lookup
			}
			plan := apitest.QueryPlan(t, app, query)
			if scans := apitest.TableScans(plan); len(scans) > 0 {
				t.Errorf("%s %q: %v in\n%s\n%s", list.collection, list.filter, scans, query, strings.Join(plan, "\n"))
			}
			if wide := apitest.WholeDays(plan); len(wide) > 0 {
				t.Errorf("%s %q: %v (a day of everybody's) in\n%s", list.collection, list.filter, wide, query)
			}
		}
	}
}
