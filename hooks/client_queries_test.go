package hooks_test

// TestEveryDoorIsGuarded walks every door by which a client's `filter` or
// `sort` reaches PocketBase: each route the router has (found by walking the
// router itself, so a route added by todomate, by another plugin or by a
// PocketBase upgrade is walked too), with every method it answers, HEAD
// included, on every collection; each batch action on every collection; and
// the realtime subscribe request on every collection. Through each it sends
// the back-relation oracle as bob, alice's friend, and fails unless the
// guard refuses it. Two collections are added first, as a later migration
// or an admin would add them, so that the guard is shown to derive what it
// refuses from the collections, not from a list.

import (
	"bytes"
	"context"
	"encoding/json/v2"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/todomate/todomate/internal/fixture"
	"github.com/todomate/todomate/internal/sse"
)

// oracleQueries are client queries that would tell bob something about
// records he may not see. Each must be refused wherever it is sent.
var oracleQueries = []struct{ name, param, value string }{
	{"a back-relation into diaries", "filter", `diaries_via_user.content !~ "WORD"`},
	{"a back-relation into todos, in a sort", "sort", `-todos_via_user.contents`},
	{"a back-relation into goals inside a function", "filter", `strftime('%Y', goals_via_user.created) = "2026"`},
	{"a back-relation into friendships (no list rule)", "filter", `friendships_via_user.friend ?= "x"`},
	{"a back-relation into a collection added later", "filter", `notes_via_user.text ~ "x"`},
	{"a multiple relation into diaries, added later", "filter", `diaries.content ~ "x"`},
}

func TestEveryDoorIsGuarded(t *testing.T) {
	app := fixture.NewCommunityApp(t)
	defer app.Cleanup()
	addLaterCollections(t, app)

	settings := app.Settings()
	settings.RateLimits.Enabled = false
	settings.Batch.Enabled = true
	settings.Batch.MaxRequests = 50
	if err := app.Save(settings); err != nil {
		t.Fatal(err)
	}

	mux, routes := buildRouter(t, app)
	bob := fixture.Token(t, app, "bob")
	superuser := fixture.SuperuserToken(t, app)

	all, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}

	t.Run("routes", func(t *testing.T) {
		var doors []string
		for _, route := range routes {
			for _, method := range route.methods() {
				for _, path := range route.paths(t, app, all) {
					if method == http.MethodGet && takesFilter(mux, path, superuser) {
						doors = append(doors, method+" "+path)
					}
					for _, q := range oracleQueries {
						status, body := send(mux, method, path+"?"+url.Values{q.param: {q.value}}.Encode(), bob, nil)
						if status != http.StatusBadRequest ||
							(method != http.MethodHead && !strings.Contains(body, fieldError(q.param, "validation_private_relation"))) {
							t.Errorf("%s %s with %s: status %d, body %.200s", method, path, q.name, status, body)
						}
					}
				}
			}
		}
		// superusers see everything, and pass
		if status, body := send(mux, http.MethodGet, "/api/collections/users/records?"+url.Values{"filter": {oracleQueries[0].value}}.Encode(), superuser, nil); status != http.StatusOK {
			t.Errorf("superuser through a back-relation: status %d, body %.200s", status, body)
		}
		t.Logf("%d routes walked; these take a client filter (superuser probe):\n  %s", len(routes), strings.Join(doors, "\n  "))
	})

	t.Run("batch", func(t *testing.T) {
		for _, collection := range all {
			for _, action := range []struct{ method, path string }{
				{http.MethodPost, "/api/collections/" + collection.Name + "/records"},
				{http.MethodPut, "/api/collections/" + collection.Name + "/records"},
				{http.MethodPatch, "/api/collections/" + collection.Name + "/records/" + firstId(t, app, collection)},
				{http.MethodDelete, "/api/collections/" + collection.Name + "/records/" + firstId(t, app, collection)},
			} {
				for _, q := range oracleQueries {
					batch := map[string]any{"requests": []map[string]any{{
						"method": action.method,
						"url":    action.path + "?" + url.Values{q.param: {q.value}}.Encode(),
						"body":   map[string]any{},
					}}}
					raw, _ := json.Marshal(batch)
					status, body := send(mux, http.MethodPost, "/api/batch", bob, raw)
					if status != http.StatusBadRequest || !strings.Contains(body, `"requests":{"0":{`+fieldError(q.param, "validation_private_relation")) {
						t.Errorf("batch %s %s with %s: status %d, body %.200s", action.method, action.path, q.name, status, body)
					}
				}
			}
		}
	})

	t.Run("realtime", func(t *testing.T) {
		srv := httptest.NewServer(mux)
		defer func() {
			srv.CloseClientConnections()
			srv.Close()
		}()
		clientId := realtimeClientId(t, srv.URL)

		for _, collection := range all {
			for _, topic := range []string{collection.Name + "/*", collection.Name + "/" + firstId(t, app, collection), collection.Name} {
				for _, q := range oracleQueries {
					options, _ := json.Marshal(map[string]any{"query": map[string]string{q.param: q.value}})
					sub := topic + "?options=" + url.QueryEscape(string(options))
					status, body := subscribeRaw(t, srv.URL, bob, clientId, "users/*", sub)
					if status != http.StatusBadRequest || !strings.Contains(body, `"subscriptions":{"1":{`+fieldError(q.param, "validation_private_relation")) {
						t.Errorf("subscribe %s with %s: status %d, body %.200s", topic, q.name, status, body)
					}
				}
			}
		}
	})
}

// The guard refuses only what reaches records someone may not list: the
// public follow graph may be walked backwards, and a filter the guard cannot parse is PocketBase's to refuse.
func TestGuardLetsHarmlessQueriesThrough(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{
			Name:            "a forward relation through follows (its rule applies to the joined users)",
			Method:          http.MethodGet,
			URL:             withFilter("follows", `follower.username = "carol"`),
			Headers:         asUser(t, stranger),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"totalItems":1`},
		},
		{
			Name:            "a filter that does not parse is PocketBase's 400",
			Method:          http.MethodGet,
			URL:             withFilter("users", `diaries_via_user.content ~ (`),
			Headers:         asUser(t, friend),
			ExpectedStatus:  http.StatusBadRequest,
			ExpectedContent: []string{`"data":{}`},
		},
		{
			Name:            "expand of a back-relation: PocketBase keeps only what the view rule shows",
			Method:          http.MethodGet,
			URL:             recordURL("users", fixture.AliceId) + "?expand=diaries_via_user",
			Headers:         asUser(t, friend),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"diaries_via_user":[`},
			NotExpectedContent: []string{
				`"private":true`, "diaryprivate000",
			},
		},
	}
	for _, s := range scenarios {
		s.TestAppFactory = community
		s.Test(t)
	}
}

// addLaterCollections adds what a later migration or an admin could add: a
// notes collection that only its author lists, and an albums collection
// that everyone signed in lists, with a multiple relation to diaries.
func addLaterCollections(t *testing.T, app core.App) {
	t.Helper()
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		t.Fatal(err)
	}
	diaries, err := app.FindCollectionByNameOrId("diaries")
	if err != nil {
		t.Fatal(err)
	}

	notes := core.NewBaseCollection("notes")
	ownerOnly := "user = @request.auth.id"
	notes.ListRule, notes.ViewRule = &ownerOnly, &ownerOnly
	notes.Fields.Add(
		&core.RelationField{Name: "user", CollectionId: users.Id, MaxSelect: 1},
		&core.TextField{Name: "text"},
	)

	albums := core.NewBaseCollection("albums")
	signedIn := `@request.auth.id != ""`
	albums.ListRule, albums.ViewRule = &signedIn, &signedIn
	albums.Fields.Add(&core.RelationField{Name: "diaries", CollectionId: diaries.Id, MaxSelect: 10})

	for _, c := range []*core.Collection{notes, albums} {
		if err := app.Save(c); err != nil {
			t.Fatalf("add %s: %v", c.Name, err)
		}
	}
}

// walkedRoute is one route of the router, its path with its groups' prefixes.
type walkedRoute struct{ method, path string }

// buildRouter builds the app's router as `serve` does and walks it for its
// routes. The router keeps its routes unexported: they are read by
// reflection, and a PocketBase upgrade that changes that shape fails here.
func buildRouter(t *testing.T, app core.App) (http.Handler, []walkedRoute) {
	t.Helper()

	base, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}

	var mux http.Handler
	var built *router.Router[*core.RequestEvent]
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: base}, func(e *core.ServeEvent) error {
		built = e.Router
		var err error
		mux, err = e.Router.BuildMux()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	var routes []walkedRoute
	var walk func(group reflect.Value, prefix string)
	walk = func(group reflect.Value, prefix string) {
		children := group.Elem().FieldByName("children")
		if !children.IsValid() || children.Kind() != reflect.Slice {
			t.Fatal("router groups no longer keep their routes in children: update the walk")
		}
		for i := range children.Len() {
			child := children.Index(i).Elem()
			switch child.Type().String() {
			case reflect.TypeFor[*router.RouterGroup[*core.RequestEvent]]().String():
				walk(child, prefix+child.Elem().FieldByName("Prefix").String())
			case reflect.TypeFor[*router.Route[*core.RequestEvent]]().String():
				routes = append(routes, walkedRoute{
					method: child.Elem().FieldByName("Method").String(),
					path:   prefix + child.Elem().FieldByName("Path").String(),
				})
			default:
				t.Fatalf("router child of an unknown type %s: update the walk", child.Type())
			}
		}
	}
	walk(reflect.ValueOf(built.RouterGroup), built.Prefix)

	if len(routes) < 50 {
		t.Fatalf("walked only %d routes: the walk misses the router's shape", len(routes))
	}
	return mux, routes
}

// methods are the methods a route answers: a GET route answers HEAD too,
// and a route for any method is tried with each.
func (r walkedRoute) methods() []string {
	switch r.method {
	case http.MethodGet:
		return []string{http.MethodGet, http.MethodHead}
	case "":
		return []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete}
	}
	return []string{r.method}
}

// paths fills the route's wildcards: {collection} with every collection
// (each with an id of its own for {id} and {recordId}), anything else
// with a placeholder.
func (r walkedRoute) paths(t *testing.T, app core.App, all []*core.Collection) []string {
	path := strings.TrimSuffix(r.path, "/")
	if path == "" {
		path = "/"
	}
	if !strings.Contains(path, "{collection}") {
		return []string{fillWildcards(path, "x")}
	}
	var paths []string
	for _, c := range all {
		p := strings.ReplaceAll(path, "{collection}", c.Name)
		paths = append(paths, fillWildcards(p, firstId(t, app, c)))
	}
	return paths
}

func fillWildcards(path, id string) string {
	for {
		start := strings.Index(path, "{")
		if start < 0 {
			return path
		}
		end := strings.Index(path[start:], "}")
		name := strings.TrimSuffix(path[start+1:start+end], "...")
		value := "x"
		switch name {
		case "id", "recordId":
			value = id
		case "filename":
			value = "x.png"
		case "key":
			value = "x.zip"
		}
		path = path[:start] + value + path[start+end+1:]
	}
}

// firstId is an id of a record of collection, or a made-up one for an
// empty collection.
func firstId(t *testing.T, app core.App, c *core.Collection) string {
	t.Helper()
	if c.IsView() {
		return "x"
	}
	var ids []string
	if err := app.DB().Select("id").From(c.Name).OrderBy("id").Limit(1).Column(&ids); err != nil {
		t.Fatalf("an id of %s: %v", c.Name, err)
	}
	if len(ids) == 0 {
		return "x"
	}
	return ids[0]
}

// takesFilter reports whether a GET route reads a client filter: a
// superuser (whom the guard lets through) gets another answer with a filter
// on a field that does not exist than without one. (Only GETs are probed:
// a superuser's other requests would change the data under the walk.)
func takesFilter(mux http.Handler, path, superuser string) bool {
	plain, _ := send(mux, http.MethodGet, path, superuser, nil)
	probed, _ := send(mux, http.MethodGet, path+"?filter="+url.QueryEscape("todomate_no_such_field = 1"), superuser, nil)
	return plain != probed
}

func send(mux http.Handler, method, target, token string, body []byte) (int, string) {
	if body == nil {
		body = []byte("{}")
	}
	// the realtime stream answers a GET by staying open: every request
	// ends in a while
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, method, target, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", token)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// realtimeClientId opens an event stream for the test's length and returns
// its client id.
func realtimeClientId(t *testing.T, base string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)

	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/realtime", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	connected := make(chan string, 1)
	go func() {
		defer res.Body.Close()
		_ = sse.Read(res.Body, func(id, name string, _ []byte) {
			if name == "PB_CONNECT" {
				connected <- id
			}
		})
	}()
	select {
	case id := <-connected:
		return id
	case <-time.After(sse.Wait):
		t.Fatal("no PB_CONNECT")
		return ""
	}
}

func subscribeRaw(t *testing.T, base, token, clientId string, subs ...string) (int, string) {
	t.Helper()
	raw, _ := json.Marshal(map[string]any{"clientId": clientId, "subscriptions": subs})
	req, _ := http.NewRequest(http.MethodPost, base+"/api/realtime", bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}
