package hooks_test

// Helpers shared by the API scenario tables of this package: who is asking,
// which world the request runs against, and what the database holds after.

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/todomate/todomate/internal/fixture"
)

// The people of the community fixture, by how they stand to alice, and
// "anonymous" for a request without a token.
const (
	owner     = "alice"
	friend    = "bob"
	follower  = "carol"
	stranger  = "dave"
	anonymous = ""
)

// everyone is every kind of requester, in the order the tables list them.
var everyone = []string{owner, friend, follower, stranger, anonymous}

// community is the TestAppFactory of every scenario against the community
// fixture: each scenario gets its own copy, so writes never leak between them.
func community(t testing.TB) *tests.TestApp { return fixture.NewCommunityApp(t) }

var communityTokens struct {
	sync.Mutex
	byUser map[string]string
}

// asUser returns the request headers of the community user with the given
// username; "" (anonymous) gets none. Tokens stay valid in every copy of the
// community, which all share the same users and token keys.
func asUser(t testing.TB, username string) map[string]string {
	t.Helper()
	if username == anonymous {
		return nil
	}

	communityTokens.Lock()
	defer communityTokens.Unlock()

	if communityTokens.byUser == nil {
		app := fixture.NewCommunityApp(t)
		defer app.Cleanup()

		communityTokens.byUser = map[string]string{}
		for _, u := range []string{owner, friend, follower, stranger} {
			communityTokens.byUser[u] = fixture.Token(t, app, u)
		}
	}

	token, ok := communityTokens.byUser[username]
	if !ok {
		t.Fatalf("no community user %q", username)
	}
	return map[string]string{"Authorization": token}
}

// withContentType returns headers plus the given content type.
func withContentType(headers map[string]string, contentType string) map[string]string {
	out := map[string]string{"Content-Type": contentType}
	for k, v := range headers {
		out[k] = v
	}
	return out
}

// who names a requester in test names.
func who(username string) string {
	if username == anonymous {
		return "anonymous"
	}
	return username
}

func recordsURL(collection string) string {
	return "/api/collections/" + collection + "/records"
}

func recordURL(collection, id string) string {
	return recordsURL(collection) + "/" + id
}

// countRecords counts the records of collection that match where (all when nil).
func countRecords(t testing.TB, app core.App, collection string, where dbx.Expression) int {
	t.Helper()

	var exprs []dbx.Expression
	if where != nil {
		exprs = append(exprs, where)
	}
	n, err := app.CountRecords(collection, exprs...)
	if err != nil {
		t.Fatalf("count %s: %v", collection, err)
	}
	return int(n)
}

// expectCount fails the test unless collection holds want records matching where.
func expectCount(t testing.TB, app core.App, collection string, where dbx.Expression, want int) {
	t.Helper()
	if got := countRecords(t, app, collection, where); got != want {
		t.Errorf("%s: expected %d records matching %v, got %d", collection, want, where, got)
	}
}

// expectField fails the test unless the record holds want in field.
func expectField(t testing.TB, app core.App, collection, id, field string, want any) {
	t.Helper()

	record, err := app.FindRecordById(collection, id)
	if err != nil {
		t.Fatalf("%s %s: %v", collection, id, err)
	}
	if got := record.Get(field); got != want {
		t.Errorf("%s %s: expected %s %#v, got %#v", collection, id, field, want, got)
	}
}

// expectExists fails the test unless the record's existence is want.
func expectExists(t testing.TB, app core.App, collection, id string, want bool) {
	t.Helper()

	_, err := app.FindRecordById(collection, id)
	if got := err == nil; got != want {
		t.Errorf("%s %s: expected exists=%v, got %v (%v)", collection, id, want, got, err)
	}
}

// counts is a snapshot of how many records each todomate collection holds,
// to prove that a refused request wrote nothing.
type counts map[string]int

var countedCollections = []string{"users", "goals", "todos", "diaries", "likes", "follows", "friendships", "alarms"}

func countAll(t testing.TB, app core.App) counts {
	t.Helper()
	c := counts{}
	for _, name := range countedCollections {
		c[name] = countRecords(t, app, name, nil)
	}
	return c
}

// communityCounts are the record counts of a fresh community copy.
var communityCounts = counts{
	"users":       4,
	"goals":       2,
	"todos":       4,
	"diaries":     3,
	"likes":       4,
	"follows":     3,
	"friendships": 6, // alice-bob both ways, and the four self rows
	"alarms":      0,
}

// expectNothingWritten is an AfterTestFunc: every collection holds exactly
// the rows, byte for byte, of a fresh community.
func expectNothingWritten(t testing.TB, app *tests.TestApp, _ *http.Response) {
	t.Helper()

	got := countAll(t, app)
	for name, want := range communityCounts {
		if got[name] != want {
			t.Errorf("%s: expected %d records, got %d", name, want, got[name])
		}
	}

	fresh := freshCommunityDump(t)
	for _, name := range countedCollections {
		if dump := dumpTable(t, app, name); dump != fresh[name] {
			t.Errorf("%s changed:\nbefore %s\nafter  %s", name, fresh[name], dump)
		}
	}
}

var freshDump struct {
	sync.Mutex
	tables map[string]string
}

func freshCommunityDump(t testing.TB) map[string]string {
	t.Helper()

	freshDump.Lock()
	defer freshDump.Unlock()

	if freshDump.tables == nil {
		app := fixture.NewCommunityApp(t)
		defer app.Cleanup()

		freshDump.tables = map[string]string{}
		for _, name := range countedCollections {
			freshDump.tables[name] = dumpTable(t, app, name)
		}
	}
	return freshDump.tables
}

// dumpTable is every row of a table, every column, in id order.
func dumpTable(t testing.TB, app core.App, table string) string {
	t.Helper()

	var rows []dbx.NullStringMap
	if err := app.DB().Select("*").From(table).OrderBy("id").All(&rows); err != nil {
		t.Fatalf("dump %s: %v", table, err)
	}

	var b strings.Builder
	for _, row := range rows {
		keys := make([]string, 0, len(row))
		for k := range row {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "%s=%q ", k, row[k].String)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// fieldError is the start of PocketBase's error shape for one field:
// {"data":{"field":{"code":"..."...
func fieldError(field, code string) string {
	return `"` + field + `":{"code":"` + code + `"`
}

// jsonBody is a request body for a scenario.
func jsonBody(s string) *strings.Reader { return strings.NewReader(s) }
