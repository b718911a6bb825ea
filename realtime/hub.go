package realtime

import (
	"sync"
	"sync/atomic"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

type clientSet = map[*realtimeClient]struct{}

// realtimeHub indexes todomate's connected realtime clients so that a
// record's recipients are looked up from its audience (who owns it, who may
// be their friend) instead of found by walking every client.
//
// It holds connection state only: which clients are signed in as whom and
// what they subscribed to. Who is whose friend is read from the database at
// the moment of each event, so nothing here can go stale when friendships,
// privacy or users change; every candidate is also checked with the
// collection's API rule, as PocketBase checks every client.
type realtimeHub struct {
	app core.App

	// collections maps the names and ids of handledCollections to their
	// names; read on every PocketBase broadcast, so swapped, never locked.
	collections atomic.Pointer[map[string]string]

	mu sync.RWMutex
	// byAuth: clients by the id of their auth record (any collection).
	byAuth map[string]clientSet
	// superusers see every record whatever the rules.
	superusers clientSet
	// subscribers: clients with any subscription to a realtime collection,
	// by collection name.
	subscribers map[string]clientSet
	// indexedAuth is the auth id each client is indexed under.
	indexedAuth map[*realtimeClient]string

	deletesMu sync.Mutex
	// deletes holds the messages of deletes in progress until they commit.
	deletes map[core.Model][]realtimeDelivery
}

// realtimeDelivery is one message for one client.
type realtimeDelivery struct {
	client *realtimeClient
	msg    subscriptions.Message
}

func newRealtimeHub(app core.App) *realtimeHub {
	h := &realtimeHub{
		app:         app,
		byAuth:      map[string]clientSet{},
		superusers:  clientSet{},
		subscribers: map[string]clientSet{},
		indexedAuth: map[*realtimeClient]string{},
		deletes:     map[core.Model][]realtimeDelivery{},
	}
	empty := map[string]string{}
	h.collections.Store(&empty)
	return h
}

// refreshCollections learns the ids of handledCollections (subscriptions
// may name a collection by id).
func (h *realtimeHub) refreshCollections() {
	known := map[string]string{}
	for _, name := range handledCollections() {
		known[name] = name
		if c, err := h.app.FindCachedCollectionByNameOrId(name); err == nil {
			known[c.Id] = name
		}
	}
	h.collections.Store(&known)
}

// collectionName is the realtime collection a subscription or prefix head
// names, or "".
func (h *realtimeHub) collectionName(nameOrId string) string {
	return (*h.collections.Load())[nameOrId]
}

// hides reports whether a PocketBase topic prefix is about a realtime
// collection.
func (h *realtimeHub) hides(prefix string) bool {
	return h.collectionName(realtimeTopicHead(prefix)) != ""
}

func (h *realtimeHub) wrap(client subscriptions.Client) subscriptions.Client {
	if _, ok := client.(*realtimeClient); ok {
		return client
	}
	return &realtimeClient{Client: client, hub: h, channel: client.Channel(), done: make(chan struct{})}
}

// reindexTopics reads the client's subscriptions to the realtime
// collections after they changed.
func (h *realtimeHub) reindexTopics(c *realtimeClient) {
	var topics map[string][]realtimeTopic
	for sub, options := range c.Client.Subscriptions() {
		nameOrId, recordId, all := parseRealtimeTopic(sub)
		name := h.collectionName(nameOrId)
		if name == "" {
			continue
		}
		if topics == nil {
			topics = map[string][]realtimeTopic{}
		}
		topics[name] = append(topics[name], realtimeTopic{sub: sub, options: options, recordId: recordId, all: all})
	}
	c.setTopics(topics)

	h.mu.Lock()
	defer h.mu.Unlock()

	for name, set := range h.subscribers {
		if _, ok := topics[name]; !ok {
			delete(set, c)
			if len(set) == 0 {
				delete(h.subscribers, name)
			}
		}
	}
	for name := range topics {
		set := h.subscribers[name]
		if set == nil {
			set = clientSet{}
			h.subscribers[name] = set
		}
		set[c] = struct{}{}
	}
}

// reindexAuth files the client under its current auth record.
func (h *realtimeHub) reindexAuth(c *realtimeClient) {
	auth := c.auth()

	h.mu.Lock()
	defer h.mu.Unlock()

	h.unindexAuthLocked(c)
	if auth == nil || auth.Id == "" {
		return
	}

	set := h.byAuth[auth.Id]
	if set == nil {
		set = clientSet{}
		h.byAuth[auth.Id] = set
	}
	set[c] = struct{}{}
	h.indexedAuth[c] = auth.Id
	if auth.IsSuperuser() {
		h.superusers[c] = struct{}{}
	}
}

func (h *realtimeHub) unindexAuthLocked(c *realtimeClient) {
	id, ok := h.indexedAuth[c]
	if !ok {
		return
	}
	delete(h.indexedAuth, c)
	delete(h.superusers, c)
	if set := h.byAuth[id]; set != nil {
		delete(set, c)
		if len(set) == 0 {
			delete(h.byAuth, id)
		}
	}
}

// remove forgets a discarded client.
func (h *realtimeHub) remove(c *realtimeClient) {
	h.mu.Lock()
	defer h.mu.Unlock()

	h.unindexAuthLocked(c)
	for name, set := range h.subscribers {
		delete(set, c)
		if len(set) == 0 {
			delete(h.subscribers, name)
		}
	}
}

// hasSubscribers reports whether any client subscribed to the collection.
func (h *realtimeHub) hasSubscribers(collection string) bool {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.subscribers[collection]) > 0
}

// candidates are the subscribers of the collection that belong to the
// audience: the clients signed in as one of its users, and superusers.
func (h *realtimeHub) candidates(collection string, audience realtimeAudience) []*realtimeClient {
	h.mu.RLock()
	defer h.mu.RUnlock()

	subscribed := h.subscribers[collection]
	if len(subscribed) == 0 {
		return nil
	}

	if audience.unknown || audience.allUsers {
		result := make([]*realtimeClient, 0, len(subscribed))
		for c := range subscribed {
			result = append(result, c)
		}
		return result
	}

	var result []*realtimeClient
	seen := make(clientSet, 8)
	add := func(set clientSet) {
		for c := range set {
			if _, ok := subscribed[c]; !ok {
				continue
			}
			if _, dup := seen[c]; dup {
				continue
			}
			seen[c] = struct{}{}
			result = append(result, c)
		}
	}
	for _, id := range audience.users {
		add(h.byAuth[id])
	}
	add(h.superusers)

	return result
}

// send queues each delivery on its client.
func (h *realtimeHub) send(deliveries []realtimeDelivery) {
	for _, d := range deliveries {
		d.client.enqueue(d.msg)
	}
}

func (h *realtimeHub) holdDelete(model core.Model, deliveries []realtimeDelivery) {
	if len(deliveries) == 0 {
		return
	}
	h.deletesMu.Lock()
	defer h.deletesMu.Unlock()
	h.deletes[model] = append(h.deletes[model], deliveries...)
}

func (h *realtimeHub) releaseDelete(model core.Model) []realtimeDelivery {
	h.deletesMu.Lock()
	defer h.deletesMu.Unlock()
	deliveries := h.deletes[model]
	delete(h.deletes, model)
	return deliveries
}
