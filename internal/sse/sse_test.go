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

// TestReadComments: comments come in order with the events, and a comment
// inside an event neither ends nor changes it.
func TestReadComments(t *testing.T) {
	stream := ": keep-alive\n\n" +
		"id:1\nevent:todos/*\n: inside\ndata:{}\n\n" +
		":keep-alive\n\n"

	var got []string
	if err := ReadComments(strings.NewReader(stream), func(id, name string, data []byte) {
		got = append(got, fmt.Sprintf("event %s %s %s", id, name, data))
	}, func(text string) {
		got = append(got, "comment"+text)
	}); err != nil {
		t.Fatal(err)
	}

	want := []string{"comment keep-alive", "comment inside", "event 1 todos/* {}", "commentkeep-alive"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
