package hooks_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	. "github.com/todomate/todomate/internal/fixture"
)

// proofName is the file name withProof stores a todo's proof under, so
// that a scenario's URL can name it (an upload gets a random suffix).
const proofName = "proof_fixed0000.png"

// withProof gives alice's todo a proof photo, as an upload would have left
// it: the file in the todo's storage dir, its name in the todo.
func withProof(todo string) func(testing.TB, *tests.TestApp) {
	return func(t testing.TB, app *tests.TestApp) {
		todos, err := app.FindCollectionByNameOrId("todos")
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(app.DataDir(), "storage", todos.Id, todo)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, proofName), PNGImage(9), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := app.DB().Update("todos", dbx.Params{"proof": proofName}, dbx.HashExp{"id": todo}).Execute(); err != nil {
			t.Fatal(err)
		}
	}
}

// unprotectProof makes todos' proof field public (the looseners' twin of
// the protected field).
func unprotectProof(t testing.TB, app *tests.TestApp) {
	todos, err := app.FindCollectionByNameOrId("todos")
	if err != nil {
		t.Fatal(err)
	}
	todos.Fields.GetByName("proof").(*core.FileField).Protected = false
	if err := app.Save(todos); err != nil {
		t.Fatal(err)
	}
}

func before(fns ...func(testing.TB, *tests.TestApp)) func(testing.TB, *tests.TestApp, *core.ServeEvent) {
	return func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
		for _, fn := range fns {
			fn(t, app)
		}
	}
}

var communityFileTokens struct {
	sync.Mutex
	byUser map[string]string
}

// fileToken is a protected-file token of the community user username, valid
// in every copy of the community.
func fileToken(t testing.TB, username string) string {
	t.Helper()
	communityFileTokens.Lock()
	defer communityFileTokens.Unlock()
	if communityFileTokens.byUser == nil {
		app := NewCommunityApp(t)
		defer app.Cleanup()
		communityFileTokens.byUser = map[string]string{}
		for _, u := range []string{owner, friend, follower, stranger} {
			communityFileTokens.byUser[u] = FileToken(t, app, u)
		}
	}
	return communityFileTokens.byUser[username]
}

// proofURL is the URL of todo's proof, with username's file token ("" for none).
func proofURL(t testing.TB, todo, username string) string {
	u := "/api/files/todos/" + todo + "/" + proofName
	if username != "" {
		u += "?token=" + fileToken(t, username)
	}
	return u
}

// expectNoProofStored fails when any todo has a proof, in the database or
// in storage.
func expectNoProofStored(t testing.TB, app *tests.TestApp, res *http.Response) {
	t.Helper()
	expectNothingWritten(t, app, res)
	if n := countRecords(t, app, "todos", dbx.NewExp("proof != ''")); n != 0 {
		t.Errorf("%d todos with a proof", n)
	}
	todos, err := app.FindCollectionByNameOrId("todos")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(app.DataDir(), "storage", todos.Id, "*", "*"))
	if len(files) > 0 {
		t.Errorf("files stored: %v", files)
	}
}

// A proof is one image: a non-image is a 400 on the field, and nothing is
// stored; the owner uploads one.
func TestProofUpload(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{
			Name:   "a text file as a new todo's proof",
			Method: http.MethodPost,
			URL:    recordsURL("todos"),
			Body: strings.NewReader(multipartBody([]part{
				field("contents", "ran"), field("date", Day), filePart("proof", "notes.txt", []byte("not an image at all")),
			}, "")),
			Headers:            withContentType(asUser(t, owner), multipartType()),
			TestAppFactory:     community,
			ExpectedStatus:     http.StatusBadRequest,
			ExpectedContent:    []string{fieldError("proof", "validation_invalid_mime_type")},
			NotExpectedContent: []string{`"status":500`},
			AfterTestFunc:      expectNoProofStored,
		},
		{
			// PocketBase alone keeps the last of the two and drops the other
			Name:   "two photos as a new todo's proof",
			Method: http.MethodPost,
			URL:    recordsURL("todos"),
			Body: strings.NewReader(multipartBody([]part{
				field("contents", "ran"), field("date", Day),
				filePart("proof", "one.png", PNGImage(1)), filePart("proof", "two.png", PNGImage(2)),
			}, "")),
			Headers:            withContentType(asUser(t, owner), multipartType()),
			TestAppFactory:     community,
			ExpectedStatus:     http.StatusBadRequest,
			ExpectedContent:    []string{fieldError("proof", "validation_too_many_files")},
			NotExpectedContent: []string{`"status":500`},
			AfterTestFunc:      expectNoProofStored,
		},
		{
			Name:   "a second photo added to an existing todo's proof",
			Method: http.MethodPatch,
			URL:    recordURL("todos", TodoPlainId),
			Body: strings.NewReader(multipartBody([]part{
				filePart("proof", "one.png", PNGImage(1)), filePart("proof+", "two.png", PNGImage(2)),
			}, "")),
			Headers:            withContentType(asUser(t, owner), multipartType()),
			TestAppFactory:     community,
			ExpectedStatus:     http.StatusBadRequest,
			ExpectedContent:    []string{fieldError("proof", "validation_too_many_files")},
			NotExpectedContent: []string{`"status":500`},
			AfterTestFunc:      expectNoProofStored,
		},
		{
			Name:               "a text file as an existing todo's proof",
			Method:             http.MethodPatch,
			URL:                recordURL("todos", TodoPlainId),
			Body:               strings.NewReader(multipartBody([]part{filePart("proof", "notes.txt", []byte("not an image at all"))}, "")),
			Headers:            withContentType(asUser(t, owner), multipartType()),
			TestAppFactory:     community,
			ExpectedStatus:     http.StatusBadRequest,
			ExpectedContent:    []string{fieldError("proof", "validation_invalid_mime_type")},
			NotExpectedContent: []string{`"status":500`},
			AfterTestFunc:      expectNoProofStored,
		},
		{
			Name:            "the owner uploads a proof",
			Method:          http.MethodPatch,
			URL:             recordURL("todos", TodoPlainId),
			Body:            strings.NewReader(multipartBody([]part{filePart("proof", "done.png", PNGImage(1))}, "")),
			Headers:         withContentType(asUser(t, owner), multipartType()),
			TestAppFactory:  community,
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"proof":"done_`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				todo, err := app.FindRecordById("todos", TodoPlainId)
				if err != nil || !strings.HasPrefix(todo.GetString("proof"), "done_") {
					t.Errorf("proof not stored: %v %v", todo, err)
				}
			},
		},
		{
			Name:            "the friend cannot put a proof on alice's todo",
			Method:          http.MethodPatch,
			URL:             recordURL("todos", TodoPlainId),
			Body:            strings.NewReader(multipartBody([]part{filePart("proof", "done.png", PNGImage(1))}, "")),
			Headers:         withContentType(asUser(t, friend), multipartType()),
			TestAppFactory:  community,
			ExpectedStatus:  http.StatusNotFound,
			ExpectedContent: []string{`"status":404`},
			AfterTestFunc:   expectNoProofStored,
		},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

// A proof is seen exactly by whoever sees its todo, with a file token of
// their own, and by nobody else, nor without a token. Each refusal has a
// twin with the rule or the field loosened that then serves the photo, so
// that a leaky rule fails the first.
func TestProofPrivacy(t *testing.T) {
	loosenTodos := loosenRule("todos", `@request.auth.id != ""`)
	served := func(name, url string, setup ...func(testing.TB, *tests.TestApp)) tests.ApiScenario {
		return tests.ApiScenario{
			Name: name, Method: http.MethodGet, URL: url, TestAppFactory: community,
			BeforeTestFunc: before(setup...), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"\x89PNG"},
		}
	}
	refused := func(name, url string, setup ...func(testing.TB, *tests.TestApp)) tests.ApiScenario {
		return tests.ApiScenario{
			Name: name, Method: http.MethodGet, URL: url, TestAppFactory: community,
			BeforeTestFunc: before(setup...), ExpectedStatus: http.StatusNotFound,
			NotExpectedContent: []string{"\x89PNG"},
		}
	}
	plain, secret := withProof(TodoPlainId), withProof(TodoSecretId)

	scenarios := []tests.ApiScenario{
		served("the owner downloads her proof with her token", proofURL(t, TodoPlainId, owner), plain),
		served("the friend downloads it with his token", proofURL(t, TodoPlainId, friend), plain),
		served("the friend gets its thumb", proofURL(t, TodoPlainId, friend)+"&thumb=300x300", plain),

		refused("a stranger with his token gets a 404", proofURL(t, TodoPlainId, stranger), plain),
		served("a stranger with his token, the todos rule loosened", proofURL(t, TodoPlainId, stranger), plain, loosenTodos),
		refused("a follower with her token gets a 404", proofURL(t, TodoPlainId, follower), plain),
		served("a follower with her token, the todos rule loosened", proofURL(t, TodoPlainId, follower), plain, loosenTodos),

		refused("the friend without a token", proofURL(t, TodoPlainId, ""), plain),
		refused("the friend with his auth token in place of a file token",
			proofURL(t, TodoPlainId, "")+"?token="+asUser(t, friend)["Authorization"], plain),
		served("anyone without a token, the proof unprotected", proofURL(t, TodoPlainId, ""), plain, unprotectProof),

		refused("the friend, a proof under a me goal", proofURL(t, TodoSecretId, friend), secret),
		served("the friend, a proof under a me goal, the todos rule loosened", proofURL(t, TodoSecretId, friend), secret, loosenTodos),
		served("the owner, a proof under her me goal", proofURL(t, TodoSecretId, owner), secret),

		{
			Name: "the feed names a proof to the friend", Method: http.MethodGet,
			URL: "/api/todomate/feed?date=" + Day, Headers: asUser(t, friend), TestAppFactory: community,
			BeforeTestFunc: before(plain), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`"contents":"alice plain todo"`, `"proof":"` + proofName + `"`, `"proof":""`},
		},
		{
			Name: "the feed names no proof of a todo under a me goal", Method: http.MethodGet,
			URL: "/api/todomate/feed?date=" + Day, Headers: asUser(t, friend), TestAppFactory: community,
			BeforeTestFunc: before(secret), ExpectedStatus: http.StatusOK,
			ExpectedContent:    []string{`"contents":"alice plain todo"`},
			NotExpectedContent: []string{proofName, "alice secret todo"},
		},
		{
			Name: "the feed names it with the todos rule loosened", Method: http.MethodGet,
			URL: "/api/todomate/feed?date=" + Day, Headers: asUser(t, friend), TestAppFactory: community,
			BeforeTestFunc: before(secret, loosenTodos), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`"proof":"` + proofName + `"`},
		},
		{
			Name: "a stranger lists no proof", Method: http.MethodGet,
			URL: withFilter("todos", `proof != ""`), Headers: asUser(t, stranger), TestAppFactory: community,
			BeforeTestFunc: before(plain), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`"totalItems":0`}, NotExpectedContent: []string{proofName},
		},
		{
			Name: "a stranger lists it with the todos rule loosened", Method: http.MethodGet,
			URL: withFilter("todos", `proof != ""`), Headers: asUser(t, stranger), TestAppFactory: community,
			BeforeTestFunc: before(plain, loosenTodos), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`"totalItems":1`, proofName},
		},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}
