package hooks_test

// Multipart bodies that are not whole, and file parts that are not files:
// a 400 with a field error in PocketBase's JSON shape, and nothing written.

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	. "github.com/todomate/todomate/internal/fixture"
)

const boundary = "todomate-cut-7f3a"

// part is one part of a hand-written multipart body; a file part has a
// filename (possibly "").
type part struct {
	name     string
	filename *string
	value    string
}

func field(name, value string) part { return part{name: name, value: value} }

func filePart(name, filename string, content []byte) part {
	return part{name: name, filename: &filename, value: string(content)}
}

// multipartBody writes parts as a multipart/form-data body with CRLF line
// ends, closed by the close delimiter and followed by epilogue.
func multipartBody(parts []part, epilogue string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString("--" + boundary + "\r\n")
		b.WriteString(`Content-Disposition: form-data; name="` + p.name + `"`)
		if p.filename != nil {
			b.WriteString(`; filename="` + *p.filename + `"` + "\r\nContent-Type: image/png")
		}
		b.WriteString("\r\n\r\n" + p.value + "\r\n")
	}
	b.WriteString("--" + boundary + "--\r\n" + epilogue)
	return b.String()
}

// cutAfter is body up to and including the first occurrence of marker.
func cutAfter(t testing.TB, body, marker string) string {
	t.Helper()
	i := strings.Index(body, marker)
	if i < 0 {
		t.Fatalf("marker %q not in body", marker)
	}
	return body[:i+len(marker)]
}

func multipartType() string { return "multipart/form-data; boundary=" + boundary }

// withBatch is a TestAppFactory of the community with PocketBase's batch
// API switched on (it is off in todomate).
func withBatch(t testing.TB) *tests.TestApp {
	app := community(t)
	app.Settings().Batch.Enabled = true
	app.Settings().Batch.MaxRequests = 10
	return app
}

// multipartTarget is a write whose body is sent as multipart, with its last
// part the one a cut takes away.
type multipartTarget struct {
	name, method, url string
	parts             []part
	factory           func(testing.TB) *tests.TestApp
	// lastHeader is where in the last part's headers a cut goes
	lastHeader string
}

func multipartTargets(t testing.TB) []multipartTarget {
	batchPayload, err := json.Marshal(map[string]any{"requests": []any{map[string]any{
		"method": "POST",
		"url":    "/api/collections/diaries/records",
		"body":   map[string]any{"date": "2026-10-01", "emoji": "📸", "private": true},
	}}})
	if err != nil {
		t.Fatal(err)
	}

	return []multipartTarget{
		{
			name: "diary create", method: http.MethodPost, url: recordsURL("diaries"),
			parts:      []part{field("date", "2026-10-01"), field("emoji", "🔥"), field("content", "a private day"), field("private", "true")},
			lastHeader: `name="priv`,
		},
		{
			name: "diary update", method: http.MethodPatch, url: recordURL("diaries", DiaryPublicId),
			parts:      []part{field("emoji", "🌧️"), field("content", "now private"), field("private", "true")},
			lastHeader: `name="priv`,
		},
		{
			name: "todo create", method: http.MethodPost, url: recordsURL("todos"),
			parts:      []part{field("contents", "buy milk"), field("date", Day), field("goal", GoalSecretId)},
			lastHeader: `name="go`,
		},
		{
			name: "batch", method: http.MethodPost, url: "/api/batch",
			parts:      []part{field("@jsonPayload", string(batchPayload)), filePart("requests.0.photos", "beach.png", PNGImage(3))},
			factory:    withBatch,
			lastHeader: `name="requests.0.pho`,
		},
	}
}

func TestMultipartCut(t *testing.T) {
	for _, target := range multipartTargets(t) {
		full := multipartBody(target.parts, "")
		// the last part: its delimiter line, headers, blank line, value
		lastPart := strings.LastIndex(full, "--"+boundary+"\r\n") + len("--"+boundary+"\r\n")
		lastValue := lastPart + strings.Index(full[lastPart:], "\r\n\r\n") + len("\r\n\r\n")
		closing := strings.LastIndex(full, "--"+boundary+"--")

		cuts := []struct {
			name, body, contentType string
		}{
			{"cut inside the last part's headers", cutAfter(t, full, target.lastHeader), ""},
			{"cut at the end of the last part's headers", full[:lastValue], ""},
			{"cut right after the last delimiter line", full[:lastPart], ""},
			{"cut inside the last part's value", full[:lastValue+2], ""},
			{"cut right before the close delimiter", full[:closing], ""},
			{"cut inside the close delimiter", full[:closing+len("--"+boundary+"-")], ""},
			{"empty", "", ""},
			{"no boundary param", full, "multipart/form-data"},
			{"an empty boundary param", full, `multipart/form-data; boundary=""`},
			{"another boundary param", full, "multipart/form-data; boundary=other"},
		}

		for _, cut := range cuts {
			contentType := cut.contentType
			if contentType == "" {
				contentType = multipartType()
			}
			factory := target.factory
			if factory == nil {
				factory = community
			}

			s := tests.ApiScenario{
				Name:           target.name + ": " + cut.name,
				Method:         target.method,
				URL:            target.url,
				Body:           strings.NewReader(cut.body),
				Headers:        withContentType(asUser(t, owner), contentType),
				TestAppFactory: factory,
				ExpectedStatus: http.StatusBadRequest,
				ExpectedContent: []string{
					`"status":400`,
					fieldError("body", "validation_invalid_body"),
				},
				NotExpectedContent: []string{`"collectionName"`, `"status":200`},
				AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
					expectErrorShape(t, res, "body")
					expectNothingWritten(t, app, res)
					expectCount(t, app, "diaries", dbx.HashExp{"date": "2026-10-01"}, 0)
				},
			}
			s.Test(t)
		}
	}
}

// The whole body of every target is still written, with or without an
// epilogue after the close delimiter.
func TestMultipartWhole(t *testing.T) {
	for _, target := range multipartTargets(t) {
		for _, epilogue := range []string{"", "an epilogue after the close delimiter\r\n--" + boundary + "\r\n"} {
			factory := target.factory
			if factory == nil {
				factory = community
			}
			name := target.name
			if epilogue != "" {
				name += " with an epilogue"
			}

			s := tests.ApiScenario{
				Name:               name,
				Method:             target.method,
				URL:                target.url,
				Body:               strings.NewReader(multipartBody(target.parts, epilogue)),
				Headers:            withContentType(asUser(t, owner), multipartType()),
				TestAppFactory:     factory,
				ExpectedStatus:     http.StatusOK,
				NotExpectedContent: []string{`"validation_`},
			}
			switch target.name {
			case "diary create":
				s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
					expectCount(t, app, "diaries", dbx.HashExp{"date": "2026-10-01", "private": true}, 1)
				}
			case "diary update":
				s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
					expectField(t, app, "diaries", DiaryPublicId, "private", true)
				}
			case "todo create":
				s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
					expectCount(t, app, "todos", dbx.HashExp{"contents": "buy milk", "goal": GoalSecretId}, 1)
				}
			case "batch":
				s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
					expectPhotos(t, app, "2026-10-01", 1)
				}
			}
			s.Test(t)
		}
	}
}

// Other whole bodies: with a photo, with bare LF line ends, and a form
// with no parts at all (the body is only the close delimiter).
func TestMultipartWholeOther(t *testing.T) {
	withPhoto := multipartBody([]part{
		field("date", "2026-10-01"), field("emoji", "📸"),
		filePart("photos", "beach.png", PNGImage(1)),
		filePart("photos", "dune.png", PNGImage(2)),
	}, "")
	lf := strings.ReplaceAll(multipartBody([]part{field("date", "2026-10-01"), field("emoji", "🔥")}, ""), "\r\n", "\n")

	scenarios := []tests.ApiScenario{
		{
			Name:   "diary with two photos",
			Method: http.MethodPost, URL: recordsURL("diaries"),
			Body:               strings.NewReader(withPhoto),
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    []string{`"photos":["beach_`},
			NotExpectedContent: []string{`"validation_`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectPhotos(t, app, "2026-10-01", 2)
			},
		},
		{
			Name:   "diary with LF line ends",
			Method: http.MethodPost, URL: recordsURL("diaries"),
			Body:               strings.NewReader(lf),
			ExpectedStatus:     http.StatusOK,
			NotExpectedContent: []string{`"validation_`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectCount(t, app, "diaries", dbx.HashExp{"date": "2026-10-01"}, 1)
			},
		},
		{
			// whole, so not a body error: the todo's own fields are missing
			Name:   "todo of only the close delimiter",
			Method: http.MethodPost, URL: recordsURL("todos"),
			Body:               strings.NewReader("--" + boundary + "--\r\n"),
			ExpectedStatus:     http.StatusBadRequest,
			ExpectedContent:    []string{fieldError("contents", "validation_required")},
			NotExpectedContent: []string{`"body":`},
			AfterTestFunc:      expectNothingWritten,
		},
	}
	for _, s := range scenarios {
		s.Headers = withContentType(asUser(t, owner), multipartType())
		s.TestAppFactory = community
		s.Test(t)
	}
}

// A file part with filename="" is not a file: Go hands its content over as
// a text value, which PocketBase took for a file name and echoed, raw bytes
// and all, in an error that could not be encoded (a 400 with no body).
func TestMultipartEmptyFilename(t *testing.T) {
	base := []part{field("date", "2026-10-01"), field("emoji", "📸")}
	longEuro := strings.Repeat("€", 84) // 252 bytes: PocketBase cuts its echo at 250, inside a rune

	cases := []struct {
		name, method, url string
		parts             []part
		field, code       string
	}{
		{"create with a photo named \"\"", http.MethodPost, recordsURL("diaries"),
			append(base, filePart("photos", "", PNGImage(1))), "photos", "validation_invalid_file"},
		{"create with a good photo and one named \"\"", http.MethodPost, recordsURL("diaries"),
			append(base, filePart("photos", "ok.png", PNGImage(1)), filePart("photos", "", PNGImage(2))), "photos", "validation_invalid_file"},
		{"create with a text file named \"\"", http.MethodPost, recordsURL("diaries"),
			append(base, filePart("photos", "", []byte("just text"))), "photos", "validation_invalid_file"},
		{"update adding a photo named \"\"", http.MethodPatch, recordURL("diaries", DiaryPublicId),
			[]part{filePart("photos+", "", PNGImage(1))}, "photos", "validation_invalid_file"},
		{"create with a content of raw bytes", http.MethodPost, recordsURL("diaries"),
			append(base, field("content", "\xff\xfe bytes")), "content", "validation_invalid_type"},
		{"create with a photo name cut by PocketBase inside a rune", http.MethodPost, recordsURL("diaries"),
			append(base, field("photos", longEuro)), "photos", "validation_invalid_file"},
	}

	for _, c := range cases {
		errField := c.field
		s := tests.ApiScenario{
			Name:               c.name,
			Method:             c.method,
			URL:                c.url,
			Body:               strings.NewReader(multipartBody(c.parts, "")),
			Headers:            withContentType(asUser(t, owner), multipartType()),
			TestAppFactory:     community,
			ExpectedStatus:     http.StatusBadRequest,
			ExpectedContent:    []string{`"status":400`, fieldError(errField, c.code)},
			NotExpectedContent: []string{`"collectionName"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				expectErrorShape(t, res, errField)
				expectNothingWritten(t, app, res)
			},
		}
		s.Test(t)
	}

	// the same name cut inside a rune, sent as JSON: the safety net's case
	s := tests.ApiScenario{
		Name:               "json photo name cut by PocketBase inside a rune",
		Method:             http.MethodPost,
		URL:                recordsURL("diaries"),
		Body:               jsonBody(`{"date":"2026-10-01","emoji":"📸","photos":"` + longEuro + `"}`),
		Headers:            asUser(t, owner),
		TestAppFactory:     community,
		ExpectedStatus:     http.StatusBadRequest,
		ExpectedContent:    []string{fieldError("photos", "validation_invalid_file"), "\uFFFD"},
		NotExpectedContent: []string{`"collectionName"`},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			expectErrorShape(t, res, "photos")
			expectNothingWritten(t, app, res)
		},
	}
	s.Test(t)
}

// expectErrorShape fails the test unless res is a JSON error in
// PocketBase's shape, its Content-Length (when set) matching, with a field
// error on field.
func expectErrorShape(t testing.TB, res *http.Response, field string) {
	t.Helper()

	var raw bytes.Buffer
	if _, err := raw.ReadFrom(res.Body); err != nil {
		t.Fatal(err)
	}
	if raw.Len() == 0 {
		t.Fatalf("empty error body (status %d)", res.StatusCode)
	}

	var body struct {
		Status  int
		Message string
		Data    map[string]struct{ Code, Message string }
	}
	if err := json.Unmarshal(raw.Bytes(), &body); err != nil {
		t.Fatalf("error body is not JSON: %v\n%q", err, raw.String())
	}
	if body.Status != res.StatusCode || body.Message == "" {
		t.Errorf("error body status %d, message %q; answered %d", body.Status, body.Message, res.StatusCode)
	}
	if got := body.Data[field]; got.Code == "" || got.Message == "" {
		t.Errorf("no field error on %s: %s", field, raw.String())
	}
}

// expectPhotos fails the test unless alice has one diary on date, holding n photos.
func expectPhotos(t testing.TB, app core.App, date string, n int) {
	t.Helper()

	diaries, err := app.FindAllRecords("diaries", dbx.HashExp{"user": AliceId, "date": date})
	if err != nil || len(diaries) != 1 {
		t.Fatalf("expected one diary of alice on %s, got %d (%v)", date, len(diaries), err)
	}
	if got := diaries[0].GetStringSlice("photos"); len(got) != n {
		t.Errorf("expected %d photos, got %v", n, got)
	}
}
