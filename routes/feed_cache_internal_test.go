package routes

import (
	"fmt"
	"testing"
	"time"
)

// TestFeedCacheKeepsWithinItsBytes: past its size, the oldest answers go
// first, an answer kept again is not counted twice, and small answers count
// for what they hold.
func TestFeedCacheKeepsWithinItsBytes(t *testing.T) {
	c := newFeedCache(feedCacheMaxBytes)
	key := func(i int) feedKey {
		return feedKey{viewer: fmt.Sprint("user", i), date: "2026-11-24", page: i, perPage: 20}
	}
	users := []string{"vic"}
	entry := (&feedEntry{users: users, body: []byte("{}")}).size()
	c.maxBytes = 2 * entry

	for i := range 5 {
		c.put(key(i), c.now(), users, []byte("{}"))
	}
	c.put(key(4), c.now(), users, []byte("{}")) // again

	if c.bytes > c.maxBytes || len(c.entries) != 2 {
		t.Fatalf("%d bytes in %d answers, want at most %d bytes in the 2 newest", c.bytes, len(c.entries), c.maxBytes)
	}
	for i := range 5 {
		if kept := c.get(key(i)) != nil; kept != (i >= 3) {
			t.Errorf("answer %d kept: %v", i, kept)
		}
	}
	if entry < 256 {
		t.Fatalf("an empty answer counts %d bytes: a client could keep millions of them", entry)
	}
}

// TestFeedCacheAnswersAgeOut: an answer older than maxAge is read again
// even with no change marked (a write that PocketBase's models never saw).
func TestFeedCacheAnswersAgeOut(t *testing.T) {
	c := newFeedCache(feedCacheMaxBytes)
	key := feedKey{viewer: "vic", date: "2026-11-24", page: 1, perPage: 20}
	c.put(key, c.now(), []string{"vic", "amy"}, []byte("{}"))

	if c.get(key) == nil {
		t.Fatal("a fresh answer is not kept")
	}
	c.entries[key].stored = time.Now().Add(-c.maxAge - time.Second) // kept a while ago
	if c.get(key) != nil {
		t.Fatal("an answer older than maxAge is still served")
	}
}

// TestFeedCacheMarks: a mark on any of an answer's users, or on
// everything, makes it stale; a mark on somebody else does not.
func TestFeedCacheMarks(t *testing.T) {
	c := newFeedCache(feedCacheMaxBytes)
	key := feedKey{viewer: "vic", date: "2026-11-24", page: 1, perPage: 20}
	keep := func() { c.put(key, c.now(), []string{"amy", "vic"}, []byte("{}")) }

	keep()
	c.changed("zed")
	if c.get(key) == nil {
		t.Fatal("a change of a user the answer does not show made it stale")
	}
	for _, mark := range []func(){func() { c.changed("amy") }, func() { c.changed("vic") }, c.changedAll} {
		keep()
		mark()
		if c.get(key) != nil {
			t.Fatal("the answer is served after a change it shows")
		}
	}
}
