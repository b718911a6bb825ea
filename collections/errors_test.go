package collections_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestAPIDocNamesEveryCode: every error code todomate adds is in the API
// reference's table, so a client author finds each code they can get.
func TestAPIDocNamesEveryCode(t *testing.T) {
	doc, err := os.ReadFile("../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	file, err := parser.ParseFile(token.NewFileSet(), "errors.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	codes := 0
	ast.Inspect(file, func(n ast.Node) bool {
		spec, ok := n.(*ast.ValueSpec)
		if !ok || len(spec.Names) != 1 || !strings.HasPrefix(spec.Names[0].Name, "Code") || len(spec.Values) != 1 {
			return true
		}
		lit, ok := spec.Values[0].(*ast.BasicLit)
		if !ok {
			return true
		}
		code, err := strconv.Unquote(lit.Value)
		if err != nil {
			t.Fatal(err)
		}
		codes++
		if !strings.Contains(string(doc), "`"+code+"`") {
			t.Errorf("docs/api.md does not name %s (%s)", code, spec.Names[0].Name)
		}
		return true
	})
	if codes < 10 {
		t.Fatalf("found %d codes in errors.go; the test reads it wrong", codes)
	}
}
