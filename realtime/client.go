package realtime

import (
	"strings"
	"sync"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// realtimeTopic is one subscription of a client to a realtime collection.
type realtimeTopic struct {
	// sub is the subscription as the client sent it, options included;
	// PocketBase (and the SDK) name the event after it.
	sub      string
	options  subscriptions.SubscriptionOptions
	recordId string // the one record subscribed to, when not all
	all      bool   // "name/*" or the older "name"
}

// matches reports whether the topic asks for events of the record id.
func (t realtimeTopic) matches(recordId string) bool {
	return t.all || t.recordId == recordId
}

// realtimeClient is PocketBase's realtime client, wrapped when it connects.
//
// To PocketBase's broadcast it shows no subscription to the realtime
// collections (Subscriptions with a prefix of one of them is empty), so
// PocketBase neither checks nor sends those events; everything else —
// Subscriptions() without prefix, Subscribe, the store, the channel — is the
// wrapped client's. It keeps the hub's indexes in step with its auth and
// subscriptions, and sends todomate's events in order through a queue.
type realtimeClient struct {
	subscriptions.Client

	hub *realtimeHub

	// changeMu serialises a change of auth or subscriptions with its
	// reindexing, so the index never keeps an older state than the client.
	changeMu sync.Mutex

	mu        sync.Mutex
	topics    map[string][]realtimeTopic // by collection name; replaced, never mutated
	queue     []subscriptions.Message
	sending   bool
	discarded bool

	// done is closed on Discard, before the wrapped client closes its
	// channel, and sent waits for the sender to stop: no send ever meets
	// the channel's close.
	channel chan subscriptions.Message
	done    chan struct{}
	sent    sync.WaitGroup
}

// Subscriptions hides the realtime collections' subscriptions from callers
// that ask by prefix (PocketBase's broadcast); without prefixes it is all of
// them, as PocketBase documents.
func (c *realtimeClient) Subscriptions(prefixes ...string) map[string]subscriptions.SubscriptionOptions {
	if len(prefixes) == 0 {
		return c.Client.Subscriptions()
	}

	shown := prefixes[:0:0]
	for _, prefix := range prefixes {
		if !c.hub.hides(prefix) {
			shown = append(shown, prefix)
		}
	}
	if len(shown) == 0 {
		return nil
	}

	return c.Client.Subscriptions(shown...)
}

func (c *realtimeClient) Subscribe(subs ...string) {
	c.changeMu.Lock()
	defer c.changeMu.Unlock()

	c.Client.Subscribe(subs...)
	c.hub.reindexTopics(c)
}

func (c *realtimeClient) Unsubscribe(subs ...string) {
	c.changeMu.Lock()
	defer c.changeMu.Unlock()

	c.Client.Unsubscribe(subs...)
	c.hub.reindexTopics(c)
}

func (c *realtimeClient) Set(key string, value any) {
	if key != apis.RealtimeClientAuthKey {
		c.Client.Set(key, value)
		return
	}

	c.changeMu.Lock()
	defer c.changeMu.Unlock()

	c.Client.Set(key, value)
	c.hub.reindexAuth(c)
}

func (c *realtimeClient) Unset(key string) {
	if key != apis.RealtimeClientAuthKey {
		c.Client.Unset(key)
		return
	}

	c.changeMu.Lock()
	defer c.changeMu.Unlock()

	c.Client.Unset(key)
	c.hub.reindexAuth(c)
}

// Discard is called by the broker when the connection ends.
func (c *realtimeClient) Discard() {
	c.changeMu.Lock()
	c.hub.remove(c)
	c.changeMu.Unlock()

	c.mu.Lock()
	if !c.discarded {
		c.discarded = true
		c.queue = nil
		close(c.done)
	}
	c.mu.Unlock()

	c.sent.Wait()
	c.Client.Discard()
}

// auth is the client's auth record, nil for a guest.
func (c *realtimeClient) auth() *core.Record {
	auth, _ := c.Client.Get(apis.RealtimeClientAuthKey).(*core.Record)
	return auth
}

func (c *realtimeClient) topicsOf(collection string) []realtimeTopic {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.topics[collection]
}

func (c *realtimeClient) setTopics(topics map[string][]realtimeTopic) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.topics = topics
}

// enqueue hands messages to the connection in the order they were queued.
//
// A send blocks until the connection's loop takes the message, so one
// goroutine per client, alive only while its queue is not empty, does the
// sending: a slow connection delays only itself, and an idle client costs no
// goroutine.
func (c *realtimeClient) enqueue(msgs ...subscriptions.Message) {
	c.mu.Lock()
	if c.discarded {
		c.mu.Unlock()
		return
	}
	c.queue = append(c.queue, msgs...)
	if c.sending {
		c.mu.Unlock()
		return
	}
	c.sending = true
	c.sent.Add(1)
	c.mu.Unlock()

	go c.drain()
}

func (c *realtimeClient) drain() {
	defer c.sent.Done()

	for {
		c.mu.Lock()
		if len(c.queue) == 0 {
			c.sending = false
			c.queue = nil // let a burst's backing array go
			c.mu.Unlock()
			return
		}
		msg := c.queue[0]
		c.queue[0] = subscriptions.Message{}
		c.queue = c.queue[1:]
		c.mu.Unlock()

		select {
		case c.channel <- msg: // taken by the connection's loop
		case <-c.done:
			return
		}
	}
}

// parseRealtimeTopic splits a subscription into the collection (name or id)
// it is about and the record it names, matching PocketBase's topics:
// "name/id", "name/*" and the older "name", each optionally followed by
// "?options=...".
func parseRealtimeTopic(sub string) (collection string, recordId string, all bool) {
	topic, _, _ := strings.Cut(sub, "?")

	collection, rest, found := strings.Cut(topic, "/")
	if !found {
		return collection, "", true
	}
	if rest == "*" {
		return collection, "", true
	}

	return collection, rest, false // an empty or nested id never matches a record
}

// realtimeTopicHead is the collection part of a PocketBase topic prefix
// ("todos/*?", "pbc_123/abc?", "todos?").
func realtimeTopicHead(prefix string) string {
	if i := strings.IndexAny(prefix, "/?"); i >= 0 {
		return prefix[:i]
	}
	return prefix
}
