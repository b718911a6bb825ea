package routes

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/visibility"
)

const (
	// feedCacheMaxBytes bounds the answers kept by default: about 2,500
	// feeds of 20 friends with a few todos each (Config.FeedCacheBytes).
	feedCacheMaxBytes = 32 << 20
	// feedCacheMaxAge bounds how long an answer is kept even when nothing
	// it shows has changed: a write that does not go through PocketBase's
	// models (SQL run by other code, or by another process on the same
	// data) is seen at the latest then.
	feedCacheMaxAge = time.Minute
)

// feedCache keeps answers of the feed, the product's main screen: most of
// its requests are the same friend list asking for the same day again, and
// between two of them little of what it shows changes.
//
// An answer is kept with the ids of the users it depends on (the viewer,
// whose friendships decide who is in it, and each friend, whose profile,
// goals, todos, diary and the likes on them are shown) and the clock at the
// moment before it was read. Every write that can change what a feed shows
// of a user sets that user's mark to a later clock once the write is
// committed (bindFeedCache); an answer whose users have a later mark, or is
// older than a change to everything (a collection's rules), is read again.
//
// The clock is read before the answer's queries start, and marks are set
// after the write commits, so an answer read from before a write always
// ends up older than the write's mark.
type feedCache struct {
	clock      atomic.Uint64
	allChanged atomic.Uint64 // the clock at the last change to every feed

	maxBytes int           // Config.FeedCacheBytes
	maxAge   time.Duration // feedCacheMaxAge

	mu      sync.RWMutex
	marks   map[string]uint64 // user id → the clock at the last change shown of them
	entries map[feedKey]*feedEntry
	order   []feedKey // the entries' keys, oldest first, for eviction
	bytes   int
}

// feedKey is one request of the feed.
type feedKey struct {
	viewer, date  string
	page, perPage int
}

type feedEntry struct {
	at     uint64 // the clock before the answer was read
	stored time.Time
	users  []string // the viewer and their friends
	body   []byte   // the JSON answer
}

// size is about what an entry holds in memory, its key and place in the
// eviction order included: a client asking for page after empty page must
// not fill memory with small answers that count for nothing.
func (e *feedEntry) size() int {
	return len(e.body) + 256 + 48*len(e.users)
}

func newFeedCache(maxBytes int) *feedCache {
	return &feedCache{
		maxBytes: maxBytes,
		maxAge:   feedCacheMaxAge,
		marks:    map[string]uint64{},
		entries:  map[feedKey]*feedEntry{},
	}
}

// now is the clock to store an answer with: read it before its queries.
func (c *feedCache) now() uint64 {
	return c.clock.Load()
}

// get is the kept answer of key, or nil when there is none still good.
func (c *feedCache) get(key feedKey) []byte {
	c.mu.RLock()
	defer c.mu.RUnlock()

	entry := c.entries[key]
	if entry == nil || c.allChanged.Load() > entry.at || time.Since(entry.stored) > c.maxAge {
		return nil
	}
	for _, user := range entry.users {
		if c.marks[user] > entry.at {
			return nil
		}
	}

	return entry.body
}

// put keeps body as the answer of key, read after the clock showed at,
// depending on users.
func (c *feedCache) put(key feedKey, at uint64, users []string, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()

	if old := c.entries[key]; old != nil {
		c.bytes -= old.size()
	} else {
		c.order = append(c.order, key)
	}
	entry := &feedEntry{at: at, stored: time.Now(), users: users, body: body}
	c.entries[key] = entry
	c.bytes += entry.size()

	for c.bytes > c.maxBytes && len(c.order) > 0 {
		oldest := c.order[0]
		c.order = c.order[1:]
		c.bytes -= c.entries[oldest].size()
		delete(c.entries, oldest)
	}
}

// changed marks users as changed now: every kept feed showing them is stale.
func (c *feedCache) changed(users ...string) {
	now := c.clock.Add(1)

	c.mu.Lock()
	defer c.mu.Unlock()
	for _, user := range users {
		if user != "" {
			c.marks[user] = now
		}
	}
}

// changedAll makes every kept feed stale.
func (c *feedCache) changedAll() {
	c.allChanged.Store(c.clock.Add(1))
}

// bindFeedCache marks, after each committed write, the users whose
// friends' feeds it can change. (Model events of a transaction run after
// its commit.)
func bindFeedCache(app core.App, cache *feedCache) {
	mark := func(e *core.ModelEvent) error {
		switch model := e.Model.(type) {
		case *core.Record:
			feedCacheMarkRecord(app, cache, model)
		case *core.Collection:
			// a rule, a field or an index changed: anything may show
			// differently now
			cache.changedAll()
		}
		return e.Next()
	}

	app.OnModelAfterCreateSuccess().BindFunc(mark)
	app.OnModelAfterUpdateSuccess().BindFunc(mark)
	app.OnModelAfterDeleteSuccess().BindFunc(mark)
}

// feedCacheMarkRecord marks the users whose feeds a write of record changes:
//   - a user: their name, username or avatar in their friends' feeds;
//   - a goal, todo or diary: its owner (an author never changes, but the
//     stored one is marked too);
//   - a like: the owner of the liked todo or diary (its count, and "liked"
//     for the liker, who sees it in that owner's part of their feed);
//   - a follow or friendship: both users, whose friends changed;
//   - a block: both users, who no longer count each other's likes (their
//     block lists are rewritten in SQL, which marks nobody).
func feedCacheMarkRecord(app core.App, cache *feedCache, record *core.Record) {
	switch record.Collection().Name {
	case collections.Users:
		cache.changed(record.Id)
	case collections.Goals, collections.Todos, collections.Diaries:
		cache.changed(record.GetString(collections.FieldUser), record.Original().GetString(collections.FieldUser))
	case collections.Likes:
		owner, _, err := visibility.LikedAudience(app.DB(), record)
		if err != nil {
			// the owner could not be read: take no chances
			cache.changedAll()
			return
		}
		// (no owner: the liked record is gone with this like, and its own
		// delete marked its owner)
		cache.changed(owner, record.GetString(collections.FieldUser))
	case collections.Follows:
		cache.changed(record.GetString(collections.FollowsFieldFollower), record.GetString(collections.FollowsFieldFollowing))
	case collections.Friendships:
		cache.changed(record.GetString(collections.FieldUser), record.GetString(collections.FriendshipsFieldFriend))
	case collections.Blocks:
		cache.changed(record.GetString(collections.BlocksFieldBlocker), record.GetString(collections.BlocksFieldBlocked))
	}
}
