package pb_public

import (
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"
)

// importRe finds the module specifiers of static imports and of the
// index.html script and stylesheet tags.
var importRe = regexp.MustCompile(`(?:from\s+|import\s+|src=|href=)["']([^"']+\.(?:js|mjs|css))["']`)

// TestEmbeddedAppIsComplete checks that every file the app loads is inside
// the binary: a module left out of the embed pattern would only show as a
// blank page in a browser.
func TestEmbeddedAppIsComplete(t *testing.T) {
	var sources []string
	err := fs.WalkDir(FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (name == "index.html" || (strings.HasPrefix(name, "js/") && strings.HasSuffix(name, ".js"))) {
			sources = append(sources, name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(sources) < 3 {
		t.Fatalf("expected index.html and the app's modules, got %v", sources)
	}

	checked := 0
	for _, source := range sources {
		text, err := fs.ReadFile(FS, source)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range importRe.FindAllStringSubmatch(string(text), -1) {
			target := m[1]
			if strings.HasPrefix(target, "/") {
				target = strings.TrimPrefix(target, "/")
			} else {
				target = path.Join(path.Dir(source), target)
			}
			if _, err := fs.Stat(FS, target); err != nil {
				t.Errorf("%s loads %q, which is not embedded", source, m[1])
			}
			checked++
		}
	}
	// the pattern must keep finding the app's imports, or this test checks nothing
	if checked < len(sources) {
		t.Fatalf("found only %d imports in %d files", checked, len(sources))
	}

	for _, name := range []string{"index.html", "app.css", "vendor/pocketbase.es.mjs"} {
		if _, err := fs.Stat(FS, name); err != nil {
			t.Errorf("%s is not embedded", name)
		}
	}
}
