package sse

import (
	"fmt"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	stream := "id:1\nevent:PB_CONNECT\ndata:{\"clientId\":\"a\"}\n\n" +
		": a comment\n\n" +
		"id:2\nevent:todos/*\ndata:{\"action\":\n" + "data:\"create\"}\n\n" +
		"data:no name, no event\n\n" +
		"id:3\nevent:cut off"

	var got []string
	if err := Read(strings.NewReader(stream), func(id, name string, data []byte) {
		got = append(got, fmt.Sprintf("%s %s %s", id, name, data))
	}); err != nil {
		t.Fatal(err)
	}

	want := []string{`1 PB_CONNECT {"clientId":"a"}`, `2 todos/* {"action":"create"}`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
